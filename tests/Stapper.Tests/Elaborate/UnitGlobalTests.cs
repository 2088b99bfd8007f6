using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// <c>$name</c> for a global of the probed function's compile unit, found through vmlinux's DWARF as stap 4.8 finds it
/// (buildok pr13284; tests/scripts/dwarf/unit_global runs one).
/// </summary>
public class UnitGlobalTests
{
    private static (int Status, string Stdout, string Stderr) P2(string script, params string[] options)
    {
        return Stapper.Tests.Cli.VerboseListing.Run(["-r", TestKernel.Find()!.Release, "-p2", .. options, "-e", script]);
    }

    [SkippableKernelFact]
    public void JiffiesInScheduleTimeoutIsReadFromItsSymbol()
    {
        // timer.c declares jiffies (the linker script defines it): the address comes from the symbol table, relative to _stext.
        var (status, stdout, stderr) = P2("probe kernel.function(\"schedule_timeout\") { println($jiffies) }");
        Assert.Equal((0, ""), (status, stderr));
        Assert.Contains("__private__input___dwarf_tvar_get_jiffies_0:long ()\n{\n  return @kderef(8, %{ ({ unsigned long addr = 0; addr = _stp_kmodule_relocate (\"kernel\", \"_stext\", 0x", stdout);
        Assert.Contains("println(__private__input___dwarf_tvar_get_jiffies_0())", stdout);
    }

    [SkippableKernelFact]
    public void AGlobalIsTypedAndDefined()
    {
        var (status, stdout, stderr) = P2("probe kernel.function(\"__do_sys_newuname\") { println($init_task->comm[0], @defined($overflowuid), @defined($jiffies_64)) }");
        Assert.Equal((0, ""), (status, stderr));
        Assert.Contains("println(__private__input___dwarf_tvar_get_init_task_0(), 1, 0)", stdout);
    }

    [SkippableKernelFact]
    public void AGlobalOfAnotherCompileUnitIsNotInScope()
    {
        // stap's scope search ends at the function's compile unit: init_task is not declared in kernel/time/timer.c.
        var (status, _, stderr) = P2("probe kernel.function(\"schedule_timeout\") { println($init_task->pid) }");
        Assert.Equal(1, status);
        Assert.Matches(@"^semantic error: unable to find local 'init_task', \[man error::dwarf\] dieoffset 0x[0-9a-f]+ in kernel, near pc 0x[0-9a-f]+ in schedule_timeout kernel/time/timer.c \(alternatives: \$timer, \$expire, \$timeout\)\)", stderr);
        Assert.Contains("): identifier '$init_task' at <input>:1:53\n", stderr);
    }

    [SkippableKernelFact]
    public void WritingAGlobalNeedsGuruMode()
    {
        var (status, _, stderr) = P2("probe kernel.function(\"__do_sys_newuname\") { $overflowuid = 1 }");
        Assert.Equal(1, status);
        Assert.StartsWith("semantic error: write to target variable not permitted; need stap -g: identifier '$overflowuid' at <input>:1:46\n", stderr);
        (status, _, stderr) = P2("probe kernel.function(\"__do_sys_newuname\") { $overflowuid = 1 }", "-g");
        Assert.Equal((0, ""), (status, stderr));
    }

    [SkippableKernelFact]
    public void AGlobalAtAReturnIsCapturedAtEntryWithStapsWarning()
    {
        var (status, stdout, stderr) = P2("probe kernel.function(\"schedule_timeout\").return { println($jiffies) }");
        Assert.Equal(0, status);
        Assert.StartsWith("WARNING: confusing usage, value is captured as @entry($jiffies) in .return probe [man stapprobes] RETURN PROBES: identifier '$jiffies' at <input>:1:60\n", stderr);
        var name = $"kernel\\.function\\(\"{TestKernel.FunctionNamePattern(TestKernel.Find()!.Release, "schedule_timeout", "kernel/time/timer.c")}\"\\)\\.call";
        Assert.Matches($"{name}{TestKernel.ListedPcPattern(TestKernel.Find()!.Release)} /\\* <- {name} \\*/\n", stdout);
    }
}
