using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Parse;

/// <summary>One parsed file: the user script or a tapset. Immutable; every node has its span.</summary>
public sealed record SyntaxTree(SourceFile File, ImmutableArray<Declaration> Declarations, bool IsTapset);

public abstract record SyntaxNode(SourceSpan Span);
