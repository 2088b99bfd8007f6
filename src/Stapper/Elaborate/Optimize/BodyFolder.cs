namespace Stapper.Elaborate.Optimize;

/// <summary>
/// One pass of stap's const_folder and dead_control_remover over a whole body, for the optimizer's rounds: a literal
/// condition keeps only its branch (a for loop whose condition is 0 keeps its initializer, a foreach limited to 0 or
/// less goes), and what follows return/next/break/continue in a block goes. <see cref="Changed"/> says it did anything.
/// The final binding folds the same way as it binds (<c>Binder.Folding</c>), so nothing of this is recorded.
/// </summary>
internal sealed class BodyFolder(Func<BoundExpression, bool> sideEffectFree)
{
    public bool Changed { get; private set; }

    public BoundBlock Block(BoundBlock block)
    {
        var kept = new List<BoundStatement>(block.Statements.Length);
        foreach (var statement in block.Statements)
        {
            kept.Add(Statement(statement));
            if (ConstantFolder.EndsBlock(statement))
            {
                break;
            }
        }
        Changed |= kept.Count < block.Statements.Length;
        return block with { Statements = [.. kept] };
    }

    public BoundStatement Statement(BoundStatement statement)
    {
        switch (statement)
        {
            case BoundBlock b:
                return Block(b);
            case BoundExpressionStatement s:
                return s with { Expression = Expression(s.Expression) };
            case BoundIf s:
                {
                    var condition = Expression(s.Condition);
                    if (ConstantFolder.Branch(condition) is not { } taken)
                    {
                        return s with { Condition = condition, Then = Statement(s.Then), Else = s.Else is null ? null : Statement(s.Else) };
                    }
                    Changed = true;
                    var branch = taken ? s.Then : s.Else;
                    return branch is null ? Empty(s) : Statement(branch);
                }
            case BoundWhile s:
                {
                    var condition = Expression(s.Condition);
                    return IsFalse(condition) ? Empty(s) : s with { Condition = condition, Body = Statement(s.Body) };
                }
            case BoundFor s:
                {
                    var init = s.Init is null ? null : Expression(s.Init);
                    var condition = s.Condition is null ? null : Expression(s.Condition);
                    var increment = s.Increment is null ? null : Expression(s.Increment);
                    if (condition is not null && IsFalse(condition))
                    {
                        return init is null ? Empty(s) : new BoundExpressionStatement(init, s.Span);
                    }
                    return s with { Init = init, Condition = condition, Increment = increment, Body = Statement(s.Body) };
                }
            case BoundForeach s:
                {
                    var limit = s.Limit is null ? null : Expression(s.Limit);
                    if (limit is BoundNumber { Value: <= 0 })
                    {
                        Changed = true;
                        return Empty(s);
                    }
                    return s with { Slice = [.. s.Slice.Select(k => k is null ? null : Expression(k))], Limit = limit, Body = Statement(s.Body) };
                }
            case BoundReturn s:
                return s with { Value = s.Value is null ? null : Expression(s.Value) };
            case BoundDeleteElement s:
                return s with { Keys = [.. s.Keys.Select(k => k is null ? null : Expression(k))] };
            case BoundTry s:
                return s with { Try = Block(s.Try), Catch = Block(s.Catch) };
            default:
                return statement;
        }
    }

    private BoundExpression Expression(BoundExpression e) => BoundRewriter.Expression(e, node =>
    {
        if (ConstantFolder.Expression(node, sideEffectFree) is { } folded)
        {
            Changed = true;
            return folded;
        }
        return node;
    });

    /// <summary>A loop whose condition is the literal 0 never runs its body.</summary>
    private bool IsFalse(BoundExpression condition)
    {
        var never = ConstantFolder.Branch(condition) == false;
        Changed |= never;
        return never;
    }

    private static BoundBlock Empty(BoundStatement s) => new([], s.Span);
}
