using Stapper.Cli;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>DW_OP_entry_value in a target variable's location, against the installed kernel's -dbg vmlinux.</summary>
public sealed class EntryValueTests
{
    [RequiresFact(Need.VmlinuxDwarf)]
    public void AnEntryValueAwayFromTheEntryIsAnErrorNotAGuess()
    {
        // vfs_read's count is the entry value of its argument register after its first calls (6.1: lines 473-478);
        // stap 4.8 cannot read it either ("unhandled DW_OP operation", docs/conformance.md).
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = Driver.RunCore(["-r", Harness.KernelRelease, "-p2", "-e",
            "probe kernel.statement(\"vfs_read@fs/read_write.c:*\") { println($count) }"], stdout, stderr);
        Assert.Equal(1, exit);
        Assert.StartsWith("semantic error: DW_OP entry_value unable to resolve value: identifier '$count' at <input>:1:64\n", stderr.ToString());
    }
}
