using System.Collections.Immutable;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// Rebuilds a probe body bottom-up, every statement and expression in turn; a rewrite overrides
/// <see cref="Expression"/> for the nodes it replaces and calls the base for the rest.
/// </summary>
internal abstract class SyntaxRewriter
{
    public virtual Statement Statement(Statement s) => s switch
    {
        Block b => b with { Statements = [.. b.Statements.Select(Statement)] },
        ExpressionStatement e => e with { Expression = Expression(e.Expression) },
        IfStatement i => i with { Condition = Expression(i.Condition), Then = Statement(i.Then), Else = i.Else is null ? null : Statement(i.Else) },
        WhileStatement w => w with { Condition = Expression(w.Condition), Body = Statement(w.Body) },
        ForStatement f => f with { Init = Optional(f.Init), Condition = Optional(f.Condition), Increment = Optional(f.Increment), Body = Statement(f.Body) },
        ForeachStatement f => f with { Source = Expression(f.Source), Slice = Optionals(f.Slice), Limit = Optional(f.Limit), Body = Statement(f.Body) },
        ReturnStatement r => r with { Value = Optional(r.Value) },
        DeleteStatement d => d with { Target = Expression(d.Target) },
        TryStatement t => t with { Try = (Block)Statement(t.Try), Catch = (Block)Statement(t.Catch) },
        _ => s,
    };

    protected Expression? Optional(Expression? e) => e is null ? null : Expression(e);

    protected ImmutableArray<Expression?> Optionals(ImmutableArray<Expression?> list) => [.. list.Select(Optional)];

    protected ImmutableArray<Expression> All(ImmutableArray<Expression> list) => [.. list.Select(Expression)];

    protected ImmutableArray<TargetComponent> Components(ImmutableArray<TargetComponent> list) =>
        [.. list.Select(c => c is IndexComponent i ? i with { Index = Expression(i.Index) } : c)];

    public virtual Expression Expression(Expression e) => e switch
    {
        IndexExpression i => i with { Base = Expression(i.Base), Indexes = Optionals(i.Indexes) },
        FunctionCall c => c with { Arguments = All(c.Arguments) },
        BinaryExpression b => b with { Left = Expression(b.Left), Right = Expression(b.Right) },
        UnaryExpression u => u with { Operand = Expression(u.Operand) },
        IncrementExpression i => i with { Target = Expression(i.Target) },
        AssignmentExpression a => a with { Target = Expression(a.Target), Value = Expression(a.Value) },
        TernaryExpression t => t with { Condition = Expression(t.Condition), Then = Expression(t.Then), Else = Expression(t.Else) },
        InExpression i => i with { Keys = Optionals(i.Keys), Array = Expression(i.Array) },
        AggregateExpression a => a with { Operand = Expression(a.Operand), Arguments = All(a.Arguments) },
        HistogramExpression h => h with { Operand = Expression(h.Operand), Parameters = All(h.Parameters) },
        TargetVariable v => v with { Components = Components(v.Components) },
        CastExpression c => c with { Operand = Expression(c.Operand), Components = Components(c.Components) },
        DefinedExpression d => d with { Operand = Expression(d.Operand) },
        AutocastExpression a => a with { Operand = Expression(a.Operand), Components = Components(a.Components) },
        DerefExpression d => d with { Address = Expression(d.Address) },
        RegisterExpression r => r with { Number = Expression(r.Number) },
        EnumNameExpression n => n with { Operand = Expression(n.Operand) },
        _ => e,
    };
}
