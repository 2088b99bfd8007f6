using Stapper.Parse;
using System.Collections.Immutable;
using Stapper.Cli;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// Pass 2 of target variables against the installed kernel's BTF: what <c>$param</c> chains resolve to
/// (steps with the kernel's own member offsets) and stap's semantic errors.
/// </summary>
public sealed class TargetVariableTests
{
    private static readonly Lazy<KernelDebugInfo?> Info = new(() =>
        Harness.HaveKernel ? KernelDebugInfo.Open(Harness.KernelRelease) : null);

    private static KernelSymbols Kernel => new(Info.Value!);

    private static ElaborationResult Run(string script) => Elaboration.Run(script, Kernel);

    private static ImmutableArray<TargetStep> StepsOf(string script)
    {
        var result = Run(script);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return BoundWalker.Nodes(result.Program!.Probes.Single().Body).OfType<BoundTargetValue>().Single().Steps;
    }

    private static string Errors(string script) =>
        string.Concat(Run(script).Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    private static long Offset(string type, string member) => (long)Info.Value!.Struct(type)!.FindMember(member)!.Offset;

    [SkippableKernelFact]
    public void ParameterReadersStayOnFtraceOpsThroughTheSavedArgumentRegisters()
    {
        var result = Run("probe kernel.function(\"vfs_read\") { println($count, $file->f_flags) }");
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        var c = Stapper.Tests.Translate.Harness.Translate(result.Program!).Files[Stapper.Translate.TranslatePass.SourceFileName];
        Assert.DoesNotContain("#if 0", c);
        Assert.Contains("#if !defined(STP_NO_FTRACE_OPS) && defined(CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS)", c);
        Assert.Contains("const struct pt_regs *r = stp_ftrace_arg_regs(fregs);", c);
    }

    [SkippableKernelFact]
    public void ParameterAtEntryIsItsArgumentRegister()
    {
        Assert.Equal<TargetStep>([new LoadParameter(2, false)], StepsOf("probe kernel.function(\"vfs_read\") { x = $count; print(x) }"));
    }

    [SkippableKernelFact]
    public void DefinedIsDecidedForEachFunctionOfOneBody()
    {
        // vfs_mkdir has $dentry, vfs_link has $new_dentry: the first's @defined must not carry over to the second
        // (general/badname.stp in SystemTap's examples).
        Assert.Equal("", Errors("probe kernel.function(\"vfs_mkdir\"), kernel.function(\"vfs_link\") {\n"
            + "  if (@defined($dentry)) x = $dentry->d_inode else if (@defined($new_dentry)) x = $new_dentry->d_inode\n  println(x)\n}\n"));
    }

    [SkippableKernelFact]
    public void NarrowParameterIsTruncatedAndSignExtended()
    {
        // do_sys_openat2(int dfd, ...): AT_FDCWD is -100 in the low 32 bits of rdi.
        Assert.Equal<TargetStep>([new LoadParameter(0, false), new Narrow(4, true)], StepsOf("probe kernel.function(\"do_sys_openat2\") { x = $dfd; print(x) }"));
    }

    [SkippableKernelFact]
    public void MemberChainFollowsPointersWithTheKernelsOffsets()
    {
        var steps = StepsOf("probe kernel.function(\"vfs_read\") { x = $file->f_path->dentry->d_name->name; print(x) }");
        Assert.Equal<TargetStep>(
        [
            new LoadParameter(0, false),
            new AddOffset(Offset("file", "f_path")),
            new AddOffset(Offset("path", "dentry")),
            new Fetch(8, false),
            new AddOffset(Offset("dentry", "d_name")),
            new AddOffset(Offset("qstr", "name")),
            new Fetch(8, false),
        ], steps);
    }

    [SkippableKernelFact]
    public void AddressOfMemberIsNotFetched()
    {
        var steps = StepsOf("probe kernel.function(\"vfs_read\") { x = &$file->f_path; print(x) }");
        Assert.Equal<TargetStep>([new LoadParameter(0, false), new AddOffset(Offset("file", "f_path"))], steps);
    }

    [SkippableKernelFact]
    public void CharArrayIsItsAddress()
    {
        var steps = StepsOf("probe kernel.function(\"vfs_read\") { x = $file->f_path->dentry->d_iname; print(x) }");
        Assert.IsType<AddOffset>(steps[^1]);
    }

    [SkippableKernelFact]
    public void ReturnProbeReadsSavedParametersAndTheReturnValue()
    {
        var result = Run("probe kernel.function(\"vfs_read\").return { x = $count; y = $return; printf(\"%d %d\", x, y) }");
        var steps = BoundWalker.Nodes(result.Program!.Probes.Single().Body).OfType<BoundTargetValue>().Select(t => t.Steps.Single()).ToList();
        Assert.Equal<TargetStep>([new LoadParameter(2, true), new LoadReturnValue()], steps);
    }

    [SkippableKernelFact]
    public void CastReadsThroughTheGivenPointer()
    {
        var steps = StepsOf("probe begin { x = @cast(0, \"task_struct\", \"kernel\")->pid; print(x) }");
        Assert.Equal(0, Assert.IsType<BoundNumber>(Assert.IsType<LoadValue>(steps[0]).Value).Value);
        Assert.Equal<TargetStep>([new AddOffset(Offset("task_struct", "pid")), new Fetch(4, true)], steps[1..]);
    }

    [SkippableKernelFact]
    public void ParmsIsStapsNameHexList()
    {
        var result = Run("probe kernel.function(\"vfs_read\") { s = $$parms; print(s) }");
        var print = BoundWalker.Nodes(result.Program!.Probes.Single().Body).OfType<BoundPrint>().First(p => p.Kind == PrintKind.Sprintf);
        Assert.Equal(StapType.String, print.Type);
        Assert.Equal("file=%#x buf=%#x count=%#x pos=%#x", string.Concat(print.Format.Select(p => p switch
        {
            FormatText t => t.Text,
            FormatConversion c => "%#" + c.Conversion,
            _ => "?",
        })));
    }

    [SkippableKernelFact]
    public void DefinedTellsWhetherATargetResolves()
    {
        var result = Run("probe kernel.function(\"vfs_read\") { a = @defined($file); b = @defined($nosuch); c = @defined($file->nosuch); printf(\"%d%d%d\", a, b, c) }");
        var numbers = BoundWalker.Nodes(result.Program!.Probes.Single().Body).OfType<BoundAssignment>().Select(a => ((BoundNumber)a.Value).Value);
        Assert.Equal([1L, 0L, 0L], numbers);
    }

    [SkippableKernelFact]
    public void TargetValuesAreLongs()
    {
        Assert.StartsWith("semantic error: type mismatch", Errors("probe kernel.function(\"vfs_read\") { s = \"a\"; s = $count; print(s) }"));
    }

    [SkippableKernelFact]
    public void UnknownMemberListsAlternatives()
    {
        Assert.StartsWith("semantic error: unable to find member 'cnt' for struct mutex (alternatives: osq, owner, wait_list, wait_lock): operator '->' at t.stp:1:62",
            Errors("probe kernel.function(\"vfs_read\") { println($file->f_pos_lock->cnt) }"));
    }

    [SkippableKernelFact]
    public void StructIsNotANumber()
    {
        Assert.StartsWith("semantic error: 'struct path' is being accessed instead of a member such as '->dentry': operator '->' at t.stp:1:46",
            Errors("probe kernel.function(\"vfs_read\") { x = $file->f_path; print(x) }"));
    }

    [SkippableKernelFact]
    public void UnknownParameterListsTheParameters()
    {
        // With the release's -dbg package, stap 4.8's text (`stap -r 6.1.0-57-amd64 -p2`): the function's DIE, entry and file,
        // and its locals among the alternatives; with BTF alone its parameters.
        Assert.Matches(@"^semantic error: unable to find local 'cout', \[man error::dwarf\] (in kernel, in vfs_read \(alternatives: \$count, \$buf, \$pos, \$file\)"
            + @"|dieoffset 0x[0-9a-f]+ in kernel, near pc 0xffffffff[0-9a-f]+ in vfs_read fs/read_write.c \(alternatives: \$count, \$buf, \$ret, \$pos, \$file\))"
            + @"\): identifier '\$cout' at t.stp:1:41\n", Errors("probe kernel.function(\"vfs_read\") { x = $cout; print(x) }"));
    }

    [SkippableKernelFact]
    public void AReturnProbesUnknownVariableIsWarnedAboutAsCapturedThenRefused()
    {
        // stap 4.8 warns before it looks the variable up.
        var diagnostics = Run("probe kernel.function(\"vfs_read\").return { println($nosuch) }").Diagnostics;
        Assert.StartsWith("confusing usage, value is captured as @entry($nosuch) in .return probe", diagnostics[0].Message);
        Assert.False(diagnostics[0].IsError);
        Assert.StartsWith("unable to find local 'nosuch'", diagnostics[1].Message);
    }

    [SkippableKernelFact]
    public void AnUnknownVariableNamesTheInlinedCopysLocalsByTheirOrigin()
    {
        // do_sys_open's out-of-line copy names its variables through DW_AT_abstract_origin.
        var errors = Errors("probe kernel.function(\"do_sys_open\") { println($nosuch) }");
        Assert.Matches(@"^semantic error: unable to find local 'nosuch', \[man error::dwarf\] (in kernel, in do_sys_open \(alternatives: \$dfd, \$mode, \$flags, \$filename\)"
            + @"|dieoffset 0x[0-9a-f]+ in kernel, near pc 0xffffffff[0-9a-f]+ in do_sys_open fs/open.c \(alternatives: \$dfd, \$how, \$mode, \$flags, \$filename\))\): ", errors);
    }

    [SkippableKernelFact]
    public void ReturnOutsideReturnProbeIsUnknown()
    {
        Assert.StartsWith("semantic error: unable to find local 'return'", Errors("probe kernel.function(\"vfs_read\") { x = $return; print(x) }"));
    }

    [SkippableKernelFact]
    public void AddressOfRegisterIsAnError()
    {
        Assert.StartsWith("semantic error: cannot take address of object in register", Errors("probe kernel.function(\"vfs_read\") { x = &$count; print(x) }"));
    }

    [SkippableKernelFact]
    public void MemberOfAnIntegerIsAnInvalidAccess()
    {
        Assert.StartsWith("semantic error: invalid access '->x' vs. ", Errors("probe kernel.function(\"vfs_read\") { x = $count->x; print(x) }"));
    }

    [SkippableKernelFact]
    public void UnknownCastTypeIsNotFound()
    {
        Assert.StartsWith("semantic error: type definition 'nosuch_t' not found in 'kernel': operator '@cast' at t.stp:1:19",
            Errors("probe begin { x = @cast(0, \"nosuch_t\", \"kernel\")->a; print(x) }"));
    }

    [SkippableKernelFact]
    public void TargetVariablesNeedAFunctionProbe()
    {
        Assert.StartsWith("semantic error: unresolved target-symbol expression: identifier '$x' at t.stp:1:19",
            Errors("probe begin { x = $x; print(x) }"));
    }

    [SkippableKernelFact]
    public void WildcardProbeWithTargetsIsOneProbePerFunction()
    {
        var result = Run("probe kernel.function(\"vfs_read\"), kernel.function(\"vfs_write\") { x = $count; print(x) }");
        Assert.Equal(2, result.Program!.Probes.Length);
    }
}
