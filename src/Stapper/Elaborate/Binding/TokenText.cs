using System.Collections.Concurrent;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

/// <summary>How stap names the token of a node in messages: "identifier 'x'", "operator '+'", "number '5'".</summary>
internal static class TokenText
{
    // Every bound node asks, in every binding round: the few distinct names and operators are built once.
    private static readonly ConcurrentDictionary<string, string> Identifiers = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Operators = new(StringComparer.Ordinal);

    public static string Identifier(string name) => Identifiers.GetOrAdd(name, n => "identifier '" + Printable(n) + "'");

    public static string Operator(string op) => Operators.GetOrAdd(op, o => "operator '" + o + "'");

    public static string Of(Expression e) => e switch
    {
        Identifier i => Identifier(i.Name),
        FunctionCall f => Identifier(f.Spelling ?? f.Name),
        NumberLiteral n => "number '" + n.Text + "'",
        StringLiteral s => "string '" + Printable(s.Value) + "'",
        IndexExpression x => Of(x.Base),
        BinaryExpression b => Operator(OperatorText.Spelling(b.Operator)),
        UnaryExpression u => Operator(OperatorText.Spelling(u.Operator)),
        AssignmentExpression a => Operator(OperatorText.Spelling(a.Operator)),
        IncrementExpression c => Operator(c.IsIncrement ? "++" : "--"),
        TernaryExpression => Operator("?"),
        InExpression => "keyword",
        AggregateExpression a => "operator '@" + a.Operator.ToString().ToLowerInvariant() + "'",
        HistogramExpression h => "operator '@hist_" + h.Kind.ToString().ToLowerInvariant() + "'",
        TargetVariable t => Identifier("$" + t.Name),
        CastExpression => "operator '@cast'",
        AtVarExpression => "operator '@var'",
        _ => "operator '@'",
    };

    /// <summary>The span stap points at: the operator for operator nodes, the name for calls.</summary>
    public static Diagnostics.SourceSpan SpanOf(Expression e) => e switch
    {
        BinaryExpression b => b.OperatorSpan,
        UnaryExpression u => u.OperatorSpan,
        AssignmentExpression a => a.OperatorSpan,
        IncrementExpression c => c.OperatorSpan,
        FunctionCall f => f.NameSpan,
        IndexExpression x => SpanOf(x.Base),
        _ => e.Span,
    };

    /// <summary>The text with each unprintable character as '?'; most names need no copy (every bound node asks).</summary>
    private static string Printable(string s) =>
        s.AsSpan().ContainsAnyExceptInRange(' ', '~') ? string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c : '?')) : s;
}
