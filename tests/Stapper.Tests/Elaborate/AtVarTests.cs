using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>@var: stap 4.8's errors and its -p2 view of kernel globals (tests/scripts/lang/atvar_kernel,
/// process/atvar run them).</summary>
public class AtVarTests
{
    [Fact]
    public void OutsideAFunctionProbeANameWithoutModuleDoesNotResolve()
    {
        // stap 4.8 (no "kernel" default since 4.3): a begin probe has no module to search.
        var errors = Elaboration.Errors("probe begin { println(@var(\"jiffies\")) }");
        Assert.StartsWith("semantic error: unresolved @var() expression: operator '@var' at t.stp:1:23\n", errors);
    }

    [Fact]
    public void WritingAnAtVarNeedsGuruMode()
    {
        var errors = Elaboration.Errors("probe begin { @var(\"jiffies\", \"kernel\") = 1 }");
        Assert.StartsWith("semantic error: write to @var variable not permitted; need stap -g: operator '@var' at t.stp:1:15\n", errors);
    }

    [Fact]
    public void AtDefinedOfAnUnresolvableAtVarIsFalse()
    {
        var program = Elaboration.Program("probe begin { println(@defined(@var(\"x\"))) }");
        Assert.Contains("println(0)", Stapper.Elaborate.ProgramPrinter.Print(program, verbose: true));
    }

    private static (int Status, string Stdout, string Stderr) P2(string script, string pass = "-p2")
    {
        return Stapper.Tests.Cli.VerboseListing.Run("-r", TestKernel.Find()!.Release, pass, "-e", script);
    }

    [SkippableKernelFact]
    public void AKernelGlobalIsRelocatedFromStext()
    {
        var (status, stdout, stderr) = P2("probe begin { println(@var(\"sys_tz@time.c\", \"kernel\")->tz_dsttime) }");
        Assert.Equal((0, ""), (status, stderr));
        Assert.Contains("__private__input___dwarf_tvar_get_sys_tz_0:long ()\n{\n  return @kderef(4, (%{ ({ unsigned long addr = 0; addr = _stp_kmodule_relocate (\"kernel\", \"_stext\", 0x", stdout);
        Assert.Contains("); addr; }) %}) + (4))\n}\n", stdout);
    }

    [SkippableKernelFact]
    public void AMissingGlobalNamesTheModuleAndFile()
    {
        var (status, _, stderr) = P2("probe begin { println(@var(\"nosuch@kernel/time/time.c\", \"kernel\")) }");
        Assert.Equal(1, status);
        Assert.StartsWith("semantic error: unable to find global 'nosuch' in kernel, in kernel/time/time.c: operator '@var' at <input>:1:23\n", stderr);
    }

    [SkippableKernelFact]
    public void InAFunctionProbeABareNameIsTheParameter()
    {
        var (status, stdout, stderr) = P2("probe kernel.function(\"ksys_write\") { println(@var(\"count\")) }");
        Assert.Equal((0, ""), (status, stderr));
        Assert.Contains("println(__private__input___dwarf_tvar_get_count_0())", stdout);
    }

    [SkippableKernelFact]
    public void AModulesGlobalIsReadByItsSymbol()
    {
        var (status, stdout, stderr) = P2("probe begin { println(@var(\"nfs_program@fs/nfs/client.c\", \"nfs\")->number) }");
        Assert.Equal((0, ""), (status, stderr));
        Assert.Contains("_stp_kmodule_relocate (\"nfs\", \"nfs_program\", 0)", stdout);
        // In C, a slot the runtime fills from the module's kallsyms ("nfs:nfs_program"), read once per use.
        var (_, c, _) = P2("probe begin { println(@var(\"nfs_program@fs/nfs/client.c\", \"nfs\")->number) }", "-p3");
        Assert.Contains("static struct stp_module_global stp_modvar_3_nfs_nfs_program = { \"nfs\", \"nfs:nfs_program\", 0 };", c);
        Assert.Contains("READ_ONCE(stp_modvar_3_nfs_nfs_program.address)", c);
        var (missing, _, error) = P2("probe begin { println(@var(\"x@y.c\", \"ext4\")) }");
        Assert.Equal(1, missing);
        Assert.StartsWith("semantic error: unable to find global 'x' in ext4, in y.c: operator '@var'", error);
    }

    [Fact]
    public void PragmaGlobalsMustBeGlobalsAndNotAggregates()
    {
        // stap 4.8's words (semko/global_access.stp); a global named by pragma:write counts as written, so it is kept.
        var errors = Elaboration.Run("global var\nprobe begin {\n  var <<< 1\n  println(%{ /* pragma:read:var */ 1 %})\n}\n",
            (IKernelSymbols?)null, o => o with { GuruMode = true });
        Assert.Contains(errors.Diagnostics, d => d.IsError && d.Message == "Aggregates not available in embedded-C");
        errors = Elaboration.Run("probe begin { println(%{ /* pragma:read:nosuch */ 1 %}) }", (IKernelSymbols?)null, o => o with { GuruMode = true });
        Assert.Contains(errors.Diagnostics, d => d.IsError && d.Message == "unresolved pragma:read global nosuch");
    }
}
