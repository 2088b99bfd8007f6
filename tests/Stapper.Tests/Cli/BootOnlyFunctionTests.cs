using Stapper.Cli;
using Stapper.Tests.DebugInfo;

namespace Stapper.Tests.Cli;

/// <summary>As stap (semko/thirtytwo.stp): a function only in .init.text is no probe point, with stap's warning; its
/// name still resolves in BTF, so the -dbg vmlinux's sections decide.</summary>
[Collection("vmlinux-dwarf")]
public class BootOnlyFunctionTests(VmlinuxDwarfFixture fx)
{
    private (int Status, string Stderr) P2(string script)
    {
        var stderr = new StringWriter();
        return (Driver.RunCore(["-r", fx.Release, "-p2", "-e", script], new StringWriter(), stderr), stderr.ToString());
    }

    [VmlinuxDwarfFact]
    public void AnInitFunctionHasNoMatch()
    {
        var (status, stderr) = P2("probe kernel.function(\"init_setup\") { }");
        Assert.Equal(1, status);
        // stap's warning at the probe's keyword, then no match
        Assert.StartsWith("WARNING: function init_setup is in blocklisted section: keyword at <input>:1:1\n"
            + " source: probe kernel.function(\"init_setup\") { }\n"
            + "         ^\n"
            + "semantic error: while resolving probe point: identifier 'kernel'", stderr);
    }

    [VmlinuxDwarfFact]
    public void AWildcardLeavesInitFunctionsOut() =>
        Assert.Equal(1, P2("probe kernel.function(\"init_setu*\") { }").Status);
}
