using Stapper.Elaborate;
using Stapper.Tests.Translate;
using Stapper.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>The syscall aliases of tapsets/syscalls against a kernel that has (or lacks) the __x64_sys_* wrappers.</summary>
public class SyscallTapsetTests
{
    private static readonly (string, string)[] Tapsets = [.. Directory
        .EnumerateFiles(Path.Combine(Harness.RepoRoot, "tapsets"), "*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".stp", StringComparison.Ordinal) || f.EndsWith(".stpm", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(f => (f, File.ReadAllText(f)))];

    private static readonly FakeKernel Kernel = new(
        "__x64_sys_openat", "__x64_sys_open", "__x64_sys_read", "__x64_sys_write", "__x64_sys_close", "__x64_sys_exit_group", "vfs_read");

    private static ElaboratedProgram Program(string script, FakeKernel? kernel = null)
    {
        var result = Elaboration.Run(script, kernel ?? Kernel, Tapsets);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        return result.Program!;
    }

    [Fact]
    public void SyscallOpenatExpandsToTheWrapperKprobeWithTheTapsetVariables()
    {
        var text = ProgramPrinter.Print(Program("probe syscall.openat { printf(\"%s(%s) %d %s\\n\", name, argstr, mode, dfd_str) }"), verbose: true);
        Assert.Contains("# probes\nkprobe.function(\"__x64_sys_openat\")? /* <- nd_syscall.openat = kprobe.function(\"__x64_sys_openat\")? "
            + "<- syscall.openat = nd_syscall.openat <- syscall.openat */\n", text);
        Assert.Contains("  argstr:string\n", text);
        Assert.Contains("  dfd_str:string\n", text);
        Assert.Contains("(mode) = (__syscall_uint_arg(4))", text);
    }

    [Theory]
    [InlineData("syscall.read.return")]
    [InlineData("nd_syscall.read.return")]
    public void ReturnAliasesAreKretprobesWithRetvalAndRetstr(string point)
    {
        var program = Program($"probe {point} {{ printf(\"%s = %s %d\\n\", name, retstr, retval) }}");
        var site = Assert.IsType<KernelFunctionSite>(Assert.Single(program.Probes).Sites.Single());
        Assert.Equal("__x64_sys_read", site.Symbol);
        Assert.True(site.Return);
        Assert.Contains("(retstr) = (return_str(1, retval))", ProgramPrinter.Print(program, verbose: true));
    }

    [Fact]
    public void WildcardMatchesEveryEntryAliasAndSkipsAWrapperTheKernelLacks()
    {
        var kernel = new FakeKernel("__x64_sys_openat", "__x64_sys_read", "__x64_sys_write", "__x64_sys_close", "__x64_sys_exit_group");
        var symbols = Program("probe syscall.* { println(name) }", kernel).Probes
            .SelectMany(p => p.Sites).OfType<KernelFunctionSite>().Select(s => s.Symbol).Order(StringComparer.Ordinal);
        Assert.Equal(["__x64_sys_close", "__x64_sys_exit_group", "__x64_sys_openat", "__x64_sys_read", "__x64_sys_write"], symbols);
    }

    /// <summary>One alias in two probes: the variable the second reads is kept there, though dead in the first.</summary>
    [Fact]
    public void AnAliasVariableDeadInOneProbeIsKeptInAnotherThatReadsIt()
    {
        var text = ProgramPrinter.Print(Program("probe syscall.close { println(1) } probe syscall.close { println(fd) }"), verbose: true);
        Assert.Contains("(fd) = (__syscall_int_arg(1))", text);
    }

    [Fact]
    public void ExitGroupReturnIsNever()
    {
        // As stap: exit_group's .return is `never`, so syscall.*.return gives it no .return suffix.
        var text = ProgramPrinter.Print(Program("probe syscall.exit_group.return { println(retstr) }"), verbose: true);
        Assert.StartsWith("never", text.Split("# probes\n")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentReadersForceAKprobeWhilePlainProbesKeepFtrace()
    {
        var syscall = Harness.Translate(Program("probe syscall.close { println(fd) }")).Files[TranslatePass.SourceFileName];
        Assert.Contains("always a kprobe */\n#if 0", syscall);
        var plain = Harness.Translate(Program("probe kprobe.function(\"vfs_read\") { println(1) }")).Files[TranslatePass.SourceFileName];
        Assert.DoesNotContain("#if 0", plain);
        Assert.Contains("#ifndef STP_NO_FTRACE_OPS", plain);
    }

    [Fact]
    public void ARegisterReadReachedThroughScriptFunctionsForcesAKprobeToo()
    {
        var c = Harness.Translate(Program("""
            function g() { return __syscall_arg(1) }
            function f() { return g() + f() }
            probe kprobe.function("vfs_read") { println(f()) }
            """)).Files[TranslatePass.SourceFileName];
        Assert.Contains("always a kprobe */\n#if 0", c);
    }
}
