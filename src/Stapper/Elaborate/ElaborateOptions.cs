using System.Collections.Immutable;

namespace Stapper.Elaborate;

/// <summary>
/// What pass 2 knows besides the parse: guru mode, script arguments, the target kernel's symbols, -u. The
/// symbols are opened when a provider, a target variable or @cast first asks (a script of begin and timer
/// probes never reads the kernel's BTF); null when the kernel image cannot be read.
/// </summary>
public sealed record ElaborateOptions(
    bool GuruMode,
    ImmutableArray<string> ScriptArguments,
    Lazy<IKernelSymbols?> Kernel,
    bool SuppressAutoPrint = false)
{
    /// <summary>stap's -u: the optimizer keeps what it would elide; constants still fold.</summary>
    public bool Unoptimized { get; init; }

    /// <summary>stap's -t: an empty probe is kept (not elided), so the probe hit report counts its hits.</summary>
    public bool Timing { get; init; }

    /// <summary>The most probes one probe point may register (-D MAXPROBES=N); a wildcard over more is an error that
    /// says how many it would register, so tens of thousands of kprobes are never registered by accident.</summary>
    public int MaxProbes { get; init; } = DefaultMaxProbes;

    /// <summary>--skip-badvars: a target variable that does not resolve reads as 0, with stap's warning.</summary>
    public bool SkipBadVars { get; init; }

    /// <summary>-G VAR=VAL, the last value for each VAR: set when the module loads, so never "never-assigned" (stap).</summary>
    public ImmutableDictionary<string, string> SetAtLoad { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>-c CMD: <c>process.function(...)</c> without a path probes CMD's program (its first word).</summary>
    public string? TargetCommand { get; init; }

    /// <summary>-c CMD's program as the runner's wordexp splits it (the driver splits it, with Run's splitter), or
    /// stap's reason it names none.</summary>
    public TargetProgram TargetProgram { get; init; }

    /// <summary>-x PID: <c>process.function(...)</c> without a path probes that process's executable.</summary>
    public int? TargetPid { get; init; }

    /// <summary>Why a running process PID cannot be probed (stap's pass-2 check of <c>process(PID)</c> and -x), or null;
    /// the function is null when not checked, as for a --vm guest, whose processes this host does not see.</summary>
    public Func<long, string?>? PidRefusal { get; init; }

    /// <summary>The target kernel's configuration ("CONFIG_FOO" to "y", "m", ... or null when unset); null when not known.</summary>
    public Func<string, string?>? KernelConfig { get; init; }

    public const int DefaultMaxProbes = 10000;
}

/// <summary>The kernel functions a probe point may name; answered from BTF or kallsyms.</summary>
public interface IKernelSymbols
{
    bool HasFunction(string name);

    IEnumerable<string> FunctionsMatching(string glob);

    /// <summary>A function only in <c>.init.*</c>/<c>.exit.*</c> sections, which stap never probes (and warns of), as
    /// the kernel's symbol table says; none when it is not known.</summary>
    bool IsBootOnly(string name) => false;

    /// <summary>Such functions matching GLOB, in symbol-table order.</summary>
    IEnumerable<string> BootOnlyMatching(string glob) => [];

    /// <summary>The names stap suggests from when a function point matches nothing: vmlinux's (or MODULE's) function
    /// symbols, with the inlined functions' names unless only some files were searched (stap's DWARF query reads only
    /// theirs); these are its BTF names where no -dbg file is installed.</summary>
    IEnumerable<string> SuggestedFunctions(string? module, bool withInlined) =>
        module is null ? FunctionsMatching("*") : ModuleFunctionsMatching(module, "*") ?? [];

    /// <summary>The kernel release, for messages naming its packages.</summary>
    string Release => "";

    /// <summary>Whether the kernel's DWARF (its -dbg vmlinux) is installed.</summary>
    bool HasDwarf => false;

    /// <summary>The tracepoints the build tree's trace headers declare; InVmlinux: vmlinux's BTF has its prototype.</summary>
    IReadOnlyList<KernelTracepoint> Tracepoints => [];

    /// <summary>The release's modules whose names match <paramref name="glob"/> ('-' read as '_'), sorted; null when the
    /// modules are not known (their names then go unchecked).</summary>
    IReadOnlyList<string>? ModulesMatching(string glob) => null;

    /// <summary>Functions of <paramref name="module"/> matching <paramref name="glob"/>, from its BTF; null when the module
    /// has no BTF to tell.</summary>
    IReadOnlyList<string>? ModuleFunctionsMatching(string module, string glob) => null;

    /// <summary>
    /// Functions matching <paramref name="glob"/> declared in a source file matching <paramref name="file"/> as stap
    /// matches it (the pattern, or <c>*/</c> and the pattern), with their decl_file and decl_line, from the kernel's
    /// DWARF; null when that DWARF is not installed.
    /// </summary>
    IReadOnlyList<SourceFunction>? FunctionsInFile(string glob, string file) => null;

    /// <summary>Where the DWARF of vmlinux (<paramref name="module"/> null) or a module declares function
    /// <paramref name="name"/>'s out-of-line copy, which stap's name for the probe point carries (<c>f@FILE:LINE</c>);
    /// null when that DWARF is not installed or does not describe the function (an assembly symbol).</summary>
    DeclaredFunction? DeclaredAt(string name, string? module) => null;

    /// <summary>The -dbg vmlinux's <c>_stext</c>, from which stap's -p2 listing counts a probe's address; null without it.</summary>
    ulong? TextStart => null;

    /// <summary>
    /// The compiler's copies of function <paramref name="name"/> of vmlinux (<paramref name="module"/> null) or a module
    /// that BTF leaves out (<c>NAME.isra.N</c>, <c>NAME.constprop.N</c>: the function's entry under another symbol), from
    /// the symbol table of the -dbg vmlinux or the module's debug .ko; empty when there are none, null when that file is
    /// not installed.
    /// </summary>
    IReadOnlyList<string>? ClonesOf(string name, string? module) => null;

    /// <summary>
    /// The addresses of <c>statement("FUNCTION@FILE:LINES")</c> in vmlinux (<paramref name="module"/> null) or a module,
    /// from its DWARF line table; null when that DWARF is not installed.
    /// </summary>
    KernelStatements? Statements(string? module, string function, string file, DebugInfo.Dwarf.LineSpec lines, bool nearest) => null;

    /// <summary><c>kernel.statement(ADDRESS)</c>: the function symbol and offset of a vmlinux address that begins a statement;
    /// null when vmlinux's DWARF is not installed.</summary>
    KernelStatements? StatementAt(ulong address) => null;

    /// <summary><c>.function("F").label("L")</c>: the DW_TAG_label entries named like <paramref name="label"/> in the
    /// functions matching <paramref name="function"/> (File: the function's; Line: the label's, as stap names the site;
    /// Label: the label's name); null when the DWARF is not installed.</summary>
    KernelStatements? Labels(string? module, string function, string label) => null;

    /// <summary><c>function("F")</c>'s inlined instances in vmlinux or a module: each instance's entry (Function: the
    /// inlined function's name; File, Line: its declaration), with the instance's variables there; null when the DWARF is
    /// not installed.</summary>
    KernelStatements? InlinedInstances(string? module, string function) => null;

    /// <summary>The entry of function symbol <paramref name="symbol"/> (a compiler copy such as NAME.isra.N) of vmlinux
    /// (<paramref name="module"/> null) or a module, with the variables its DWARF places there; null when the DWARF is not
    /// installed or does not describe it.</summary>
    KernelStatement? FunctionEntry(string symbol, string? module) => null;
}

/// <summary>Where DWARF declares a function's out-of-line copy (<c>FILE:LINE</c>, as stap names the probe point by it) and
/// its entry address (in a module, relative to its section).</summary>
public sealed record DeclaredFunction(string FileLine, ulong Pc);

/// <summary>A statement probe's address: the function, file and line it is named by, and the kprobe's symbol and offset.</summary>
public sealed record KernelStatement(string Function, string File, int Line, string Symbol, ulong Offset, string? Label = null)
{
    /// <summary>The parameters then locals visible there (as the prototype's parameters), for target variables; null: none.</summary>
    public DebugInfo.FunctionInfo? Scope { get; init; }

    /// <summary>Where each of <see cref="Scope"/>'s variables is at <see cref="Pc"/>.</summary>
    public IReadOnlyList<DebugInfo.Dwarf.StatementVariable> Variables { get; init; } = [];

    /// <summary>The statement's address as DWARF gives it (stap's "pc" in its errors).</summary>
    public ulong Pc { get; init; }
}

/// <summary>The statements a probe point names, or stap's error text (Sites then empty) when it names one without line records.</summary>
public sealed record KernelStatements(IReadOnlyList<KernelStatement> Sites, string? Error = null);

/// <summary>A function with code as DWARF declares it: its name, the source file (as DWARF spells it) and line.</summary>
public sealed record SourceFunction(string Name, string File, int Line);

/// <summary>
/// A tracepoint by its system (TRACE_SYSTEM) and name, and its argument count (without the probe's leading
/// <c>void *</c>); one not in vmlinux lives in a module.
/// </summary>
public sealed record KernelTracepoint(string System, string Name, int Arity, bool InVmlinux);

public sealed record ElaborationResult(ElaboratedProgram? Program, ImmutableArray<Diagnostics.Diagnostic> Diagnostics);

/// <summary>The -c command's program: its first word ("" for none), or null with stap's reason (e.g. a shell
/// metacharacter: "command contains illegal characters").</summary>
public readonly record struct TargetProgram(string? Program, string? Invalid);
