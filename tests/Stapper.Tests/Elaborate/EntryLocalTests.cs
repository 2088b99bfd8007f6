using Stapper.Cli;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>A kernel function's locals at its entry, from the installed kernel's -dbg vmlinux (skipped without it): read
/// when the body names one, as stap reads any variable in scope there.</summary>
public sealed class EntryLocalTests
{
    private static (int Exit, string Out, string Err) Pass2(string script)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = Driver.RunCore(["-r", Harness.KernelRelease, "-p2", "-e", script], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [RequiresFact(Need.VmlinuxDwarf)]
    public void ALocalNamedAtTheEntryIsReadFromDwarf()
    {
        // vfs_readv's struct iov_iter iter is on its stack: BTF has only the parameters.
        var (exit, output, errors) = Pass2("probe kernel.function(\"vfs_readv\") { println($iter->count, $vlen) }");
        Assert.True(exit == 0, errors);
        Assert.Contains("__private__input___dwarf_tvar_get_iter_0:long ()", output);
    }

    [RequiresFact(Need.VmlinuxDwarf)]
    public void AVariableInNoScopeIsStillStapsError()
    {
        var (exit, _, errors) = Pass2("probe kernel.function(\"vfs_readv\") { println($nosuch) }");
        Assert.Equal(1, exit);
        Assert.StartsWith("semantic error: unable to find local 'nosuch', [man error::dwarf] dieoffset ", errors);
    }

    [RequiresFact(Need.VmlinuxDwarf)]
    public void AReturnProbeDoesNotReadLocalsAtTheEntry()
    {
        var (exit, _, errors) = Pass2("probe kernel.function(\"vfs_readv\").return { println($iter->count) }");
        Assert.Equal(1, exit);
        Assert.Contains("unable to find local 'iter'", errors);
    }
}
