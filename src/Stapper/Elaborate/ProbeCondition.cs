using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// <c>probe POINT if (cond) { ... }</c>: as in stap the handler starts with <c>if (!(cond)) next</c>. The condition
/// may read only globals, call no function and change nothing (stap re-evaluates it when the globals it reads change).
/// </summary>
internal static class ProbeCondition
{
    public static Block Guard(Expression condition, Block body, ProgramSymbols symbols, DiagnosticBag diagnostics)
    {
        Check(condition, symbols, diagnostics);
        var span = condition.Span;
        var skip = new IfStatement(new UnaryExpression(UnaryOperator.LogicalNot, condition, span, span), new NextStatement(span), null, span);
        return body with { Statements = body.Statements.Insert(0, skip) };
    }

    private static void Check(Expression condition, ProgramSymbols symbols, DiagnosticBag diagnostics)
    {
        foreach (var e in Expressions(condition))
        {
            switch (e)
            {
                case AssignmentExpression or IncrementExpression:
                    diagnostics.Add(new Diagnostic(Severity.Error, "sema.condition", "semantic error",
                        "probe condition must not modify any variables", TokenText.SpanOf(e), TokenText.Of(e)));
                    return;
                case FunctionCall call:
                    diagnostics.Add(new Diagnostic(Severity.Error, "sema.condition", "semantic error",
                        "probe condition must not reference function", call.NameSpan, TokenText.Of(call)));
                    return;
                case Identifier id when symbols.FindGlobal(id.Name) is null:
                    diagnostics.Add(new Diagnostic(Severity.Error, "sema.condition", "semantic error",
                        "probe condition must not reference undeclared global", id.Span, TokenText.Of(id)));
                    return;
            }
        }
    }

    /// <summary>The expression and its subexpressions, parents first.</summary>
    private static IEnumerable<Expression> Expressions(Expression e)
    {
        yield return e;
        Expression?[] children = e switch
        {
            IndexExpression i => [i.Base, .. i.Indexes],
            FunctionCall c => [.. c.Arguments],
            BinaryExpression b => [b.Left, b.Right],
            UnaryExpression u => [u.Operand],
            IncrementExpression i => [i.Target],
            AssignmentExpression a => [a.Target, a.Value],
            TernaryExpression t => [t.Condition, t.Then, t.Else],
            InExpression i => [.. i.Keys, i.Array],
            AggregateExpression a => [a.Operand, .. a.Arguments],
            _ => [],
        };
        foreach (var child in children.OfType<Expression>())
        {
            foreach (var d in Expressions(child))
            {
                yield return d;
            }
        }
    }
}
