using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Elaborate.Optimize;

/// <summary>
/// What stap's pass-2 optimizer removed, by source position, so that binding can run again without it:
/// assignments reduced to their value (by operator position), statements dropped, probes elided.
/// Type inference then sees only what survives, as in stap, where types are inferred after elision.
/// </summary>
internal sealed record Elisions(
    ImmutableHashSet<SourceSpan> Assignments,
    ImmutableHashSet<SourceSpan> Statements,
    ImmutableHashSet<SourceSpan> Probes)
{
    public static Elisions None { get; } = new([], [], []);
}
