using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// A function entry or return in a user-space file: <c>process("PATH").function("F")[.return]</c>. A uprobe on
/// the file's inode at FileOffset (uretprobe for Return) fires in every process that maps the file, so a shared
/// library's function is hit in all its users. Path is the resolved file.
/// </summary>
public sealed record UserFunctionSite(
    string Path,
    string Symbol,
    ulong FileOffset,
    bool Return,
    string Name,
    bool Optional,
    SourceSpan Span) : ProbeSite(Name, Optional, Span);

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
    SourceSpan Span) : ProbeSite(Name, Optional, Span), TargetVariables.ITargetVariableSite
{
    public string? Module => Path;

    public bool Return => false;

    public bool NeedsKernelTypes => false;

    public DebugInfo.FunctionInfo? Prototype(TargetVariables.IKernelTypes? types) => DebugInfo.SdtPrototype.For(Mark, Arguments.Length);

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
