using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Parse;

/// <summary>
/// <c>kernel.function("vfs_*").return ?</c>: dotted components, each with an optional literal
/// argument; <c>?</c> optional, <c>!</c> sufficient, <c>if (cond)</c> guard.
/// </summary>
public sealed record ProbePoint(
    ImmutableArray<ProbePointComponent> Components,
    bool Optional,
    bool Sufficient,
    Expression? Condition,
    SourceSpan Span) : SyntaxNode(Span);

/// <summary>A functor such as <c>function</c> or <c>*</c> or <c>vfs_*</c>, and its argument if any.</summary>
public sealed record ProbePointComponent(string Functor, Literal? Argument, SourceSpan Span) : SyntaxNode(Span);
