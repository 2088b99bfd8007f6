using System.Collections.Immutable;

namespace Stapper.Elaborate.Optimize;

/// <summary>Rebuilds a bound body with every expression mapped bottom-up, left to right (stap's update visitor order).</summary>
internal static class BoundRewriter
{
    public static BoundStatement Statement(BoundStatement statement, Func<BoundExpression, BoundExpression> map)
    {
        BoundExpression E(BoundExpression e) => Expression(e, map);
        BoundExpression? O(BoundExpression? e) => e is null ? null : Expression(e, map);
        BoundStatement S(BoundStatement s) => Statement(s, map);
        return statement switch
        {
            BoundBlock b => Block(b, map),
            BoundExpressionStatement s => s with { Expression = E(s.Expression) },
            BoundIf s => s with { Condition = E(s.Condition), Then = S(s.Then), Else = s.Else is null ? null : S(s.Else) },
            BoundWhile s => s with { Condition = E(s.Condition), Body = S(s.Body) },
            BoundFor s => s with { Init = O(s.Init), Condition = O(s.Condition), Increment = O(s.Increment), Body = S(s.Body) },
            BoundForeach s => s with { Slice = [.. s.Slice.Select(O)], Limit = O(s.Limit), Body = S(s.Body) },
            BoundReturn s => s with { Value = O(s.Value) },
            BoundDeleteElement s => s with { Keys = [.. s.Keys.Select(O)] },
            BoundTry s => s with { Try = Block(s.Try, map), Catch = Block(s.Catch, map) },
            _ => statement,
        };
    }

    public static BoundBlock Block(BoundBlock block, Func<BoundExpression, BoundExpression> map) =>
        block with { Statements = [.. block.Statements.Select(s => Statement(s, map))] };

    public static BoundExpression Expression(BoundExpression expression, Func<BoundExpression, BoundExpression> map)
    {
        BoundExpression E(BoundExpression e) => Expression(e, map);
        BoundExpression? O(BoundExpression? e) => e is null ? null : Expression(e, map);
        ImmutableArray<BoundExpression> All(ImmutableArray<BoundExpression> es) => [.. es.Select(E)];
        var rebuilt = expression switch
        {
            BoundArrayElement a => a with { Keys = All(a.Keys) },
            BoundAssignment a => a with { Target = Variable(a.Target, map), Value = E(a.Value) },
            BoundBinary b => b with { Left = E(b.Left), Right = E(b.Right) },
            BoundUnary u => u with { Operand = E(u.Operand) },
            BoundIncrement i => i with { Target = Variable(i.Target, map) },
            BoundTargetWrite w => w with { Value = E(w.Value) },
            BoundTernary t => t with { Condition = E(t.Condition), Then = E(t.Then), Else = E(t.Else) },
            BoundIn i => i with { Keys = [.. i.Keys.Select(O)] },
            BoundHistogramBucket b => b with { Index = E(b.Index) },
            BoundCall c => c with { Arguments = All(c.Arguments) },
            BoundPrint p => p with { Delimiter = O(p.Delimiter), Arguments = All(p.Arguments) },
            BoundRegexMatch r => r with { Subject = E(r.Subject) },
            BoundCaughtString c => c with { Value = E(c.Value) },
            _ => expression,
        };
        return map(rebuilt);
    }

    /// <summary>An assignment's target keeps its shape; only array keys inside it are rewritten.</summary>
    private static BoundVariable Variable(BoundVariable target, Func<BoundExpression, BoundExpression> map) =>
        target is BoundArrayElement a ? a with { Keys = [.. a.Keys.Select(k => Expression(k, map))] } : target;
}
