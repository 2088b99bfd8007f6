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
    ImmutableHashSet<ProbeKey> Probes)
{
    public static Elisions None { get; } = new([], [], []);

    /// <summary>Set for the binding after the optimizer: constants fold as that binding goes (stap folds in pass 2).</summary>
    public ConstantFolding? Folding { get; init; }
}

/// <summary>
/// One derived probe across bindings: its probe statement's place and its position among that statement's derived
/// probes (resolution is deterministic). stap elides per derived probe: one statement may keep some and elide others.
/// </summary>
internal sealed record ProbeKey(SourceSpan Span, int Ordinal);

/// <summary>How the binding after the optimizer folds: a call's side effects are judged on the optimized functions.</summary>
internal sealed record ConstantFolding(Func<BoundCall, OptimizedFunction?> Callee);
