using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate;

public abstract record BoundStatement(SourceSpan Span);

public sealed record BoundBlock(ImmutableArray<BoundStatement> Statements, SourceSpan Span) : BoundStatement(Span);

public sealed record BoundExpressionStatement(BoundExpression Expression, SourceSpan Span) : BoundStatement(Span)
{
    /// <summary>stap's name for the statement's first token, for the optimizer's warnings.</summary>
    public string LeadToken { get; init; } = "";
}

public sealed record BoundIf(BoundExpression Condition, BoundStatement Then, BoundStatement? Else, SourceSpan Span)
    : BoundStatement(Span);

public sealed record BoundWhile(BoundExpression Condition, BoundStatement Body, SourceSpan Span) : BoundStatement(Span);

public sealed record BoundFor(
    BoundExpression? Init,
    BoundExpression? Condition,
    BoundExpression? Increment,
    BoundStatement Body,
    SourceSpan Span) : BoundStatement(Span);

/// <summary>
/// <c>foreach (v = [k1, k2] in a[*, 3]+ limit n)</c> over a global array.
/// Slice: empty, or one entry per key with null for <c>*</c>. SortColumn 0 is the value, 1..N a key.
/// For a stats array, sorting on the value sorts on SortAggregate (default @count).
/// With Histogram set it walks that histogram's buckets instead (Array is its statistic's global, Keys the one
/// bucket index, Value its count), in index order: stap accepts a sort there and ignores it.
/// </summary>
public sealed record BoundForeach(
    GlobalVariable Array,
    ImmutableArray<LocalVariable> Keys,
    LocalVariable? Value,
    ImmutableArray<BoundExpression?> Slice,
    SortDirection SortDirection,
    int SortColumn,
    AggregateOperator SortAggregate,
    BoundExpression? Limit,
    BoundStatement Body,
    SourceSpan Span) : BoundStatement(Span)
{
    public BoundHistogram? Histogram { get; init; }
}

public sealed record BoundBreak(SourceSpan Span) : BoundStatement(Span);

public sealed record BoundContinue(SourceSpan Span) : BoundStatement(Span);

public sealed record BoundNext(SourceSpan Span) : BoundStatement(Span);

public sealed record BoundReturn(BoundExpression? Value, SourceSpan Span) : BoundStatement(Span);

/// <summary><c>delete a</c> (whole array or aggregate).</summary>
public sealed record BoundDeleteArray(GlobalVariable Array, SourceSpan Span) : BoundStatement(Span);

/// <summary><c>delete a[k]</c>, or with null keys (<c>*</c>) every matching element.</summary>
public sealed record BoundDeleteElement(GlobalVariable Array, ImmutableArray<BoundExpression?> Keys, SourceSpan Span)
    : BoundStatement(Span);

/// <summary><c>delete x</c> of a scalar: resets it to 0 or "" (or empties a scalar aggregate).</summary>
public sealed record BoundDeleteScalar(BoundVariable Variable, SourceSpan Span) : BoundStatement(Span);

/// <summary><c>try { } catch (msg) { }</c>: a runtime error inside Try is caught; CatchVariable gets its message.</summary>
public sealed record BoundTry(BoundBlock Try, LocalVariable? CatchVariable, BoundBlock Catch, SourceSpan Span)
    : BoundStatement(Span);
