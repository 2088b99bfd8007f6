using Stapper.Diagnostics;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>Writing a target variable needs -g, with stap's words (stap 4.8, tests/scripts/safety/guru_target_write); with -g a
/// parameter at entry, the return value or memory is written (tests/scripts/targetvars/guru_write_param).</summary>
public class TargetWriteTests
{
    [Fact]
    public void WritingATargetVariableWithoutGuruModeIsRefused()
    {
        var result = Elaboration.Run("probe kernel.function(\"vfs_read\") {\n  $count = 0\n}\n", new FakeKernel("vfs_read"));
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("semantic error: write to target variable not permitted; need stap -g: identifier '$count' at t.stp:2:3\n"
            + "        source:   $count = 0\n"
            + "                  ^\n\n", new DiagnosticRenderer().Render(error));
    }

    private static (int Status, string Stdout, string Stderr) GuruP2(string script)
    {
        return Stapper.Tests.Cli.VerboseListing.Run("-r", TestKernel.Find()!.Release, "-g", "-p2", "-e", script);
    }

    [SkippableKernelFact]
    public void GuruModeWritesAParameterAtEntryAndTheReturnValue()
    {
        var (status, stdout, stderr) = GuruP2("probe kernel.function(\"ksys_write\") { $count = 3 } probe kernel.function(\"ksys_write\").return { $return = 1 }");
        Assert.Equal((0, ""), (status, stderr));
        Assert.Contains("  (__private__input___dwarf_tvar_get_count_0()) = (3)\n", stdout);
        Assert.Contains("  (__private__input___dwarf_tvar_get_return_1()) = (1)\n", stdout);
    }

    [SkippableKernelFact]
    public void GuruModeWritesANetfilterVerdictButNoOtherContextValue()
    {
        var (status, stdout, stderr) = GuruP2("probe netfilter.hook(\"NF_INET_LOCAL_IN\").pf(\"NFPROTO_IPV4\") { $verdict = 0 }");
        Assert.Equal((0, ""), (status, stderr));
        Assert.Contains("  (__private__input___dwarf_tvar_get_verdict_0()) = (0)\n", stdout);
        (status, _, stderr) = GuruP2("probe netfilter.hook(\"NF_INET_LOCAL_IN\").pf(\"NFPROTO_IPV4\") { $hooknum = 0 }");
        Assert.Equal(1, status);
        Assert.Contains("semantic error: write to target variable not supported by this translator: identifier '$hooknum'", stderr);
    }

    [SkippableKernelFact]
    public void GuruModeRefusesWhatItCannotWrite()
    {
        // A compound operator, and a parameter in a return probe (its value saved at entry, not a register any more).
        foreach (var script in new[]
        {
            "probe kernel.function(\"ksys_write\") { $count += 3 }",
            "probe kernel.function(\"ksys_write\").return { $count = 3 }",
        })
        {
            var (status, _, stderr) = GuruP2(script);
            Assert.Equal(1, status);
            Assert.Contains("semantic error: write to target variable not supported by this translator: identifier '$count'", stderr);
        }
    }

    [SkippableKernelFact]
    public void AGuruWriteToAnUnknownVariableIsItsError()
    {
        // A write is a side effect: it is never elided, so the target's error is never lost with it.
        var (status, _, stderr) = GuruP2("probe kernel.function(\"ksys_write\") { $nosuch = 0 }");
        Assert.Equal(1, status);
        Assert.Matches(@"^semantic error: unable to find local 'nosuch', \[man error::dwarf\] (in kernel, in ksys_write|dieoffset 0x[0-9a-f]+ in kernel, near pc 0x[0-9a-f]+ in ksys_write fs/read_write.c) \(", stderr);
    }
}
