using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Parse;

public abstract record Statement(SourceSpan Span) : SyntaxNode(Span);

public sealed record Block(ImmutableArray<Statement> Statements, SourceSpan Span) : Statement(Span);

/// <summary>A lone <c>;</c>.</summary>
public sealed record EmptyStatement(SourceSpan Span) : Statement(Span);

public sealed record ExpressionStatement(Expression Expression, SourceSpan Span) : Statement(Span)
{
    /// <summary>How stap names the statement's first token ("identifier 'x'", "operator '('"): its warnings point there.</summary>
    public string LeadToken { get; init; } = "";
}

public sealed record IfStatement(Expression Condition, Statement Then, Statement? Else, SourceSpan Span)
    : Statement(Span);

public sealed record WhileStatement(Expression Condition, Statement Body, SourceSpan Span) : Statement(Span);

/// <summary><c>for (init; cond; incr) body</c>; each part may be absent.</summary>
public sealed record ForStatement(
    Expression? Init,
    Expression? Condition,
    Expression? Increment,
    Statement Body,
    SourceSpan Span) : Statement(Span);

public enum SortDirection
{
    None,
    Ascending,
    Descending,
}

/// <summary>
/// <c>foreach (v = [k1+, k2] in arr[*, 3]- limit 10) body</c>.
/// SortColumn: 0 sorts on the value, 1..N on that key; only meaningful when SortDirection is not None.
/// Source is the array (an Identifier) or a histogram (<c>@hist_log(x)</c>, iterating its buckets).
/// Slice is the optional <c>[*, 3]</c> after the array: null entries are <c>*</c>.
/// SortAggregate is <c>@sum</c> etc. for <c>foreach (k in @sum(stats)-)</c>.
/// </summary>
public sealed record ForeachStatement(
    ImmutableArray<Identifier> Keys,
    Identifier? Value,
    Expression Source,
    ImmutableArray<Expression?> Slice,
    SortDirection SortDirection,
    int SortColumn,
    AggregateOperator? SortAggregate,
    Expression? Limit,
    Statement Body,
    SourceSpan Span) : Statement(Span);

public sealed record BreakStatement(SourceSpan Span) : Statement(Span);

public sealed record ContinueStatement(SourceSpan Span) : Statement(Span);

/// <summary><c>next</c>: leave the probe handler (or, in a function, the probe that called it).</summary>
public sealed record NextStatement(SourceSpan Span) : Statement(Span);

public sealed record ReturnStatement(Expression? Value, SourceSpan Span) : Statement(Span);

/// <summary><c>delete x</c>, <c>delete a</c>, <c>delete a[k]</c>, <c>delete a[*, k]</c>.</summary>
public sealed record DeleteStatement(Expression Target, SourceSpan Span) : Statement(Span);

/// <summary><c>try { } catch (msg) { }</c>; the catch variable is optional.</summary>
public sealed record TryStatement(Block Try, Identifier? CatchVariable, Block Catch, SourceSpan Span)
    : Statement(Span);
