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
