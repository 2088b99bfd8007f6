using Stapper.Diagnostics;

namespace Stapper.Elaborate;

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
