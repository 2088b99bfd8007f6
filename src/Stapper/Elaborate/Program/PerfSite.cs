using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// <c>perf.type(T).config(C)[.sample(P)|.hz(F)]</c> and <c>.process[("PATH")]</c>: a perf event counter whose
/// overflow runs the probe, on every CPU or, with a program, on each process running that file. Period is the
/// sample period, or the frequency in hertz when Frequency is set. With a Counter name (<c>.counter("NAME")</c>) it
/// samples nothing: it counts in each process running Program, and <c>@perf("NAME")</c> reads it in that process's
/// uprobe probes (<see cref="BoundPerfRead"/>); the probe's own body never runs.
/// </summary>
public sealed record PerfSite(long Type, long Config, long Period, bool Frequency, string? Program, string Name, bool Optional, SourceSpan Span)
    : ProbeSite(Name, Optional, Span)
{
    /// <summary><c>.counter("NAME")</c>'s name; null for a sampling site.</summary>
    public string? Counter { get; init; }
}
