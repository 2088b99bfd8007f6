using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// Where and when a probe fires, resolved by a probe-point provider. Name is what pp() returns
/// (stap's canonical form, e.g. <c>timer.ms(10)</c>, <c>kernel.function("vfs_read").return</c>).
/// Optional: a site that fails to register at run time is skipped silently (<c>?</c>).
/// </summary>
public abstract record ProbeSite(string Name, bool Optional, SourceSpan Span);

/// <summary><c>begin</c>, <c>begin(N)</c>: runs at start, lowest sequence first.</summary>
public sealed record BeginSite(long Sequence, string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary><c>end</c>, <c>end(N)</c>: runs at shutdown.</summary>
public sealed record EndSite(long Sequence, string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary><c>error</c>, <c>error(N)</c>: at shutdown after runtime errors; end probes are then skipped (stapprobes).</summary>
public sealed record ErrorSite(long Sequence, string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary><c>never</c>: type-checked, never run.</summary>
public sealed record NeverSite(string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary>
/// <c>timer.s/ms/us/ns/hz(N)</c> with <c>.randomize(M)</c>: an hrtimer, period and jitter in ns.
/// </summary>
public sealed record TimerSite(long PeriodNanoseconds, long RandomizeNanoseconds, string Name, bool Optional, SourceSpan Span)
    : ProbeSite(Name, Optional, Span);

/// <summary><c>timer.jiffies(N)</c> with <c>.randomize(M)</c>: a timer_list in jiffies.</summary>
public sealed record JiffiesTimerSite(long Jiffies, long RandomizeJiffies, string Name, bool Optional, SourceSpan Span)
    : ProbeSite(Name, Optional, Span);

/// <summary><c>timer.profile</c>: every CPU, every tick.</summary>
public sealed record ProfileTimerSite(string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary>
/// A function entry or return in the kernel: <c>kernel.function("f")</c>, <c>kprobe.function("f")</c>,
/// <c>module("m").function("f")</c>. Module null is vmlinux. MaxActive 0 means the default.
/// Entry sites may sit on ftrace_ops where the function is ftrace-able; Return sites use kretprobes.
/// </summary>
public sealed record KernelFunctionSite(
    string Symbol,
    string? Module,
    bool Return,
    int MaxActive,
    string Name,
    bool Optional,
    SourceSpan Span) : ProbeSite(Name, Optional, Span);
