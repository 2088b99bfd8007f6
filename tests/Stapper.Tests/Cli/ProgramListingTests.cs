using Stapper.Cli;

namespace Stapper.Tests.Cli;

/// <summary>
/// -p2's listing against stap 4.8's (`stap -r 6.1.0-57-amd64 -p2 -e ...`, its stdout as printed): declarations,
/// derived probes with their derivation comments and locals, and bodies only under -v.
/// </summary>
public sealed class ProgramListingTests
{
    private static string PassTwo(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["-p2", .. args], stdout, stderr));
        return stdout.ToString();
    }

    [Fact]
    public void AliasesAreListedAsDeclaredNearestFirstAndPointsKeepTheirMarks()
    {
        const string Script = "global n, a[100], b%, c%[7]; probe a = b { x = 1 } probe b += timer.s(1), timer.ms(5) ?, never ! { y = 2 } "
            + "probe a, begin { n++; a[1] = \"x\"; b[1, \"x\"] <<< 1; c[2] = 3 }";
        const string Chain = " /* <- b += timer.s(1), timer.ms(5)?, never! <- a = b <- a,begin */\n";
        Assert.Equal(
            "# globals\nn:long\na[100]:string [long]\nb%:stats [long, string]\nc%[7]:long [long]\n# probes\n"
            + "timer.s(1)" + Chain + "timer.ms(5)?" + Chain + "never!" + Chain + "begin /* <- a,begin */\n"
            + "end /* <- end */\n"
            + "end /* <- end */\n  # locals\n  __idx0:long\n  __val:string\n"
            + "end /* <- end */\n  # locals\n  __idx0:long\n  __idx1:string\n"
            + "end /* <- end */\n  # locals\n  __idx0:long\n  __val:long\n",
            PassTwo("-e", Script));
    }

    [Fact]
    public void FunctionsAreSignaturesWithLocalsAndEachDerivedProbeIsALine()
    {
        const string Script = "global n = 3; function g() { return 1 } function f(x) { y = x; return y + g() } probe begin, end { n = f(n) }";
        Assert.Equal(
            "# globals\nn:long\n# functions\nf:long (x:long)\n  # locals\n  y:long\ng:long ()\n# probes\n"
            + "begin /* <- begin,end */\nend /* <- begin,end */\n",
            PassTwo("-e", Script));
    }

    [Fact]
    public void VerboseAddsBodiesAndInitialValues()
    {
        var listing = PassTwo("-v", "-e", "global n = 3; function f(x) { y = x; return y } probe begin { n = f(n) }");
        Assert.Contains("n:long = 3\n", listing);
        Assert.Contains("  # locals\n  y:long\n{\n  (y) = (x)\n  return y\n}\n", listing);
        Assert.Contains("begin /* <- begin */\n{\n  (n) = (f(n))\n}\n", listing);
    }
}
