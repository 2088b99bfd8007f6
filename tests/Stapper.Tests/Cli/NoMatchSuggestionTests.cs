using Stapper.Cli;
using Stapper.Tests.DebugInfo;

namespace Stapper.Tests.Cli;

/// <summary>A kernel function point that matches nothing: stap's "while resolving probe point", then "no match" with
/// the five closest of vmlinux's function symbols and inlined functions (or a module's), from the -dbg files.</summary>
[Collection("vmlinux-dwarf")]
public class NoMatchSuggestionTests(VmlinuxDwarfFixture fx)
{
    private string P2(string script)
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["-r", fx.Release, "-p2", "-e", script], new StringWriter(), stderr));
        return stderr.ToString();
    }

    [VmlinuxDwarfFact]
    public void AMisspeltFunctionGetsItsNeighbours()
    {
        var stderr = P2("probe kernel.function(\"vfs_raed\") { }");
        Assert.StartsWith("semantic error: while resolving probe point: identifier 'kernel' at <input>:1:7\n"
            + "        source: probe kernel.function(\"vfs_raed\") { }\n"
            + "                      ^\n\n"
            + "semantic error: no match (similar functions: vfs_read, ", stderr);
        Assert.Equal(4, stderr.Split('\n')[4].Count(c => c == ','));
    }

    [VmlinuxDwarfFact]
    public void AModulesFunctionGetsTheModulesNames()
    {
        Assert.Contains("semantic error: no match (similar functions: ext4_", P2("probe module(\"ext4\").function(\"ext4_fsyncc\") { }"));
    }
}
