using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// A uprobe on the file Path at FileOffset (a uretprobe for Return): it fires in every process that maps the file,
/// unless the probe point narrows that to one process (Pid) or to the processes of one program (Program).
/// </summary>
public abstract record UprobeSite(string Path, ulong FileOffset, bool Return, string Name, bool Optional, SourceSpan Span)
    : ProbeSite(Name, Optional, Span)
{
    /// <summary>Hits count only in this process (<c>process(PID)</c>); null: in every process that maps Path.</summary>
    public long? Pid { get; init; }

    /// <summary>Hits count only in processes running this program (<c>process("P").library("L")</c>: Path is the
    /// library); null: in every process that maps Path.</summary>
    public string? Program { get; init; }

    /// <summary>The file whose DWARF types the site's target variables (<see cref="TargetVariables.ITargetVariableSite"/>).</summary>
    public string? Module => Path;

    public bool NeedsKernelTypes => false;
}

/// <summary>
/// A function entry or return in a user-space file: <c>process("PATH").function("F")[.return]</c>. A uprobe on
/// the file's inode at FileOffset (uretprobe for Return) fires in every process that maps the file, so a shared
/// library's function is hit in all its users. Path is the resolved file. Function is the prototype the file's DWARF
/// gives (null without DWARF): its parameters are read at entry by the x86_64 calling convention and their pointers
/// point into the process's memory; in a return probe they are captured at entry (<see cref="EntryCapture"/>).
/// </summary>
public sealed record UserFunctionSite(
    string Path,
    string Symbol,
    ulong FileOffset,
    bool Return,
    DebugInfo.FunctionInfo? Function,
    string Name,
    bool Optional,
    SourceSpan Span) : UprobeSite(Path, FileOffset, Return, Name, Optional, Span), TargetVariables.ITargetVariableSite
{
    public bool UserMemory => true;

    public DebugInfo.FunctionInfo? Prototype(TargetVariables.IKernelTypes? types) => Function ?? DebugInfo.LongPrototype.For(Symbol, 0);

    public bool DebugInfoFound => Function is not null;

    public bool CapturesAtEntry => true;

    public ProbeSite? AtEntry(string name) => Return ? this with { Return = false, Name = name } : null;

    public string? Unreadable(int index) => Slots is { } slots && slots[index] is null
        ? "parameter '" + Function!.Parameters[index].Name + "' is not passed in an integer register or stack word at entry, which Stapper does not read yet"
        : null;

    public System.Collections.Immutable.ImmutableArray<TargetStep>? Load(int index) =>
        Slots is { } slots && slots[index] is { } slot && slot < TargetVariables.UserCallingConvention.RegisterSlots
            ? TargetVariables.UserCallingConvention.Register(slot, Function!.Parameters[index].Type)
            : null;

    public System.Collections.Immutable.ImmutableArray<TargetStep>? Address(int index, bool saved) =>
        Slots is { } slots && slots[index] is { } slot && slot >= TargetVariables.UserCallingConvention.RegisterSlots
            ? TargetVariables.UserCallingConvention.StackAddress(slot)
            : null;

    private System.Collections.Immutable.ImmutableArray<int?>? Slots =>
        Function is null ? null : TargetVariables.UserCallingConvention.Slots(Function.Parameters);
}

/// <summary>What a process lifecycle probe waits for.</summary>
public enum ProcessEvent
{
    Begin,
    End,
    ThreadBegin,
    ThreadEnd,
}

/// <summary>
/// <c>process.begin</c>/<c>.end</c> and <c>.thread.begin</c>/<c>.thread.end</c>, for every process, for those
/// running Path (<c>process("PATH")</c>) or for one Pid (<c>process(PID)</c>).
/// </summary>
public sealed record ProcessLifecycleSite(
    ProcessEvent Event,
    string? Path,
    long? Pid,
    string Name,
    bool Optional,
    SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary>
/// An SDT marker (<c>process("PATH").mark("NAME")</c>, <c>.provider("P").mark("NAME")</c>) from the file's
/// <c>.note.stapsdt</c>: a uprobe at FileOffset that counts the marker's semaphore up while it is registered
/// (SemaphoreOffset, 0 for none). Its target variables are the marker's own: <c>$argN</c> as its argument
/// specifications say, <c>$$name</c>, <c>$$provider</c>, <c>$$parms</c>; Arguments is null where a specification
/// could not be read (stap's error when the script reads one).
/// </summary>
public sealed record UserMarkSite(
    string Path,
    string Provider,
    string Mark,
    ulong FileOffset,
    ulong SemaphoreOffset,
    System.Collections.Immutable.ImmutableArray<DebugInfo.SdtArgument?> Arguments,
    string Name,
    bool Optional,
    SourceSpan Span) : UprobeSite(Path, FileOffset, false, Name, Optional, Span), TargetVariables.ITargetVariableSite
{
    public DebugInfo.FunctionInfo? Prototype(TargetVariables.IKernelTypes? types) => DebugInfo.LongPrototype.For(Mark, Arguments.Length);

    public bool DebugInfoFound => false;

    public string ParameterLabel(string name) => "$" + name;

    public System.Collections.Immutable.ImmutableArray<TargetStep>? Load(int index) =>
        index < Arguments.Length && Arguments[index] is { } a ? TargetVariables.SdtSteps.Of(a) : null;

    public string? ContextString(string name) => name switch
    {
        "$name" => Mark,
        "$provider" => Provider,
        _ => null,
    };
}

/// <summary>
/// A PLT stub (<c>process("PATH").plt("NAME")[.return]</c>): a uprobe at the stub's FileOffset, a uretprobe for
/// Return (after the function the stub jumps to returns). stap names it by the stub's address,
/// <c>process("PATH").statement(0xADDR)</c>; its one variable is <c>$$name</c>, the function's name.
/// </summary>
public sealed record UserPltSite(
    string Path,
    string Function,
    ulong FileOffset,
    bool Return,
    string Name,
    bool Optional,
    SourceSpan Span) : UprobeSite(Path, FileOffset, Return, Name, Optional, Span), TargetVariables.ITargetVariableSite
{
    public DebugInfo.FunctionInfo? Prototype(TargetVariables.IKernelTypes? types) => DebugInfo.LongPrototype.Of(Function, []);

    public string? ContextString(string name) => name == "$name" ? Function : null;

    /// <summary>A stub has no debug information: <c>$return</c> gets stap's "debuginfo scope not found".</summary>
    public bool DebugInfoFound => false;

    public string? NoSuchVariable(string name) => "unable to find plt variable '$" + name + "' (alternatives: $$name)";
}

/// <summary>
/// A source line, label or address in a user-space file: <c>process("PATH").statement("F@FILE:N")</c> (N-M, *, +N,
/// <c>.nearest</c>), <c>.function("F").label("L")</c>, <c>.statement(ADDR)</c>: a uprobe at the line record's file
/// offset. Its target variables are the parameters and locals DWARF places at Pc, as a kernel statement's
/// (<see cref="StatementPlaces"/>); pointers point into the process's memory.
/// </summary>
public sealed record UserStatementSite(
    string Path,
    ulong FileOffset,
    string Name,
    bool Optional,
    SourceSpan Span) : UprobeSite(Path, FileOffset, false, Name, Optional, Span), TargetVariables.ITargetVariableSite
{
    /// <summary>The variables visible at the statement, as a prototype's parameters; null: no DWARF scope.</summary>
    public DebugInfo.FunctionInfo? Scope { get; init; }

    public System.Collections.Immutable.ImmutableArray<DebugInfo.Dwarf.StatementVariable> Variables { get; init; } = [];

    /// <summary>The label a <c>.label("L")</c> point names: -l/-L add it to the name pp() gives, as stap.</summary>
    public string? Label { get; init; }

    /// <summary>The statement's link-time address (stap's "pc" in its errors).</summary>
    public ulong Pc { get; init; }

    public bool UserMemory => true;

    public bool DebugInfoFound => Scope is not null;

    public DebugInfo.FunctionInfo? Prototype(TargetVariables.IKernelTypes? types) => Scope;

    public bool IsLocal(int index) => StatementPlaces.IsLocal(Variables, index);

    public bool Listed(int index) => StatementPlaces.Located(Variables, index);

    public System.Collections.Immutable.ImmutableArray<TargetStep>? Load(int index) => StatementPlaces.Load(Variables, index, user: true);

    public System.Collections.Immutable.ImmutableArray<TargetStep>? Address(int index, bool saved) => StatementPlaces.Address(Variables, index, user: true);

    public string? Unreadable(int index) => StatementPlaces.Unreadable(Variables, index, Pc);
}
