using System.Collections.Immutable;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    private BoundBlock BindBlock(Block block)
    {
        var enclosingFailed = _statementFailed;
        var statements = ImmutableArray.CreateBuilder<BoundStatement>(block.Statements.Length);
        foreach (var statement in block.Statements)
        {
            _statementFailed = enclosingFailed;
            statements.Add(BindStatement(statement));
            if (EndsFoldedBlock(statements[^1]))
            {
                break;
            }
        }
        _statementFailed = enclosingFailed;
        return new BoundBlock(statements.ToImmutable(), block.Span);
    }

    private BoundStatement BindStatement(Statement statement)
    {
        if (_elisions.Statements.Contains(statement.Span))
        {
            return new BoundBlock([], statement.Span);
        }
        switch (statement)
        {
            case Block block:
                return BindBlock(block);
            case EmptyStatement:
                return new BoundBlock([], statement.Span);
            case ExpressionStatement e:
                {
                    _valueUsed = false;
                    var bound = BindCore(e.Expression, valueUsed: false);
                    _valueUsed = true;
                    return new BoundExpressionStatement(bound.Node, statement.Span) { LeadToken = e.LeadToken };
                }
            case IfStatement s:
                {
                    var condition = Bind(s.Condition);
                    Require(condition, StapType.Long);
                    if (FoldedBranch(condition.Node) is { } taken)
                    {
                        var branch = taken ? s.Then : s.Else;
                        return branch is null ? new BoundBlock([], s.Span) : BindStatement(branch);
                    }
                    return new BoundIf(condition.Node, BindStatement(s.Then), s.Else is null ? null : BindStatement(s.Else), s.Span);
                }
            case WhileStatement s:
                {
                    var condition = Bind(s.Condition);
                    Require(condition, StapType.Long);
                    if (FoldedBranch(condition.Node) == false)
                    {
                        return new BoundBlock([], s.Span);
                    }
                    return new BoundWhile(condition.Node, BindLoopBody(s.Body), s.Span);
                }
            case ForStatement s:
                {
                    var init = s.Init is null ? null : BindStatementExpression(s.Init);
                    BoundExpression? condition = null;
                    if (s.Condition is not null)
                    {
                        var c = Bind(s.Condition);
                        Require(c, StapType.Long);
                        condition = c.Node;
                    }
                    var increment = s.Increment is null ? null : BindStatementExpression(s.Increment);
                    if (condition is not null && FoldedBranch(condition) == false)
                    {
                        return init is null ? new BoundBlock([], s.Span) : new BoundExpressionStatement(init, s.Span);
                    }
                    return new BoundFor(init, condition, increment, BindLoopBody(s.Body), s.Span);
                }
            case ForeachStatement s:
                return BindForeach(s);
            case BreakStatement:
                return new BoundBreak(statement.Span);
            case ContinueStatement:
                return new BoundContinue(statement.Span);
            case NextStatement:
                return new BoundNext(statement.Span);
            case ReturnStatement s:
                return BindReturn(s);
            case DeleteStatement s:
                return BindDelete(s);
            case TryStatement s:
                {
                    var tryBlock = BindBlock(s.Try);
                    LocalVariable? catchVariable = null;
                    if (s.CatchVariable is { } name)
                    {
                        var local = _scope.Find(name.Name) ?? _scope.Declare(name.Name, name.Span);
                        local.Assigned = true;
                        if (local.Slot.Type != StapType.String)
                        {
                            Require(new Bound(new BoundLocal(Local(local), name.Span), local.Slot, name.Span, TokenText.Of(name)), StapType.String);
                        }
                        catchVariable = Local(local);
                    }
                    return new BoundTry(tryBlock, catchVariable, BindBlock(s.Catch), s.Span);
                }
            default:
                Error("sema.unsupported", "unsupported statement", statement.Span, "keyword");
                return new BoundBlock([], statement.Span);
        }
    }

    private BoundExpression BindStatementExpression(Expression e)
    {
        _valueUsed = false;
        var bound = BindCore(e, valueUsed: false);
        _valueUsed = true;
        return bound.Node;
    }

    private BoundStatement BindLoopBody(Statement body)
    {
        _loopDepth++;
        try
        {
            return BindStatement(body);
        }
        finally
        {
            _loopDepth--;
        }
    }

    private BoundStatement BindForeach(ForeachStatement s)
    {
        if (s.Source is HistogramExpression histogram)
        {
            return BindForeachBuckets(s, histogram);
        }
        if (s.Source is not Identifier name)
        {
            Error("sema.unsupported", "foreach over this expression is not supported", s.Source.Span, TokenText.Of(s.Source));
            return new BoundBlock([], s.Span);
        }
        var global = ArrayGlobal(name, s.Keys.Length);
        if (global is not null && !s.Slice.IsEmpty && s.Slice.Length != s.Keys.Length)
        {
            // stap resolves the slice as an array of its own arity, under the global's C name.
            Error("sema.unresolved-array", $"unresolved arity-{s.Slice.Length} global array __global_{name.Name}, missing global declaration?", name.Span, TokenText.Of(name));
            global = null;
        }
        if (global is null)
        {
            BindLoopBody(s.Body);
            return new BoundBlock([], s.Span);
        }
        Mark(global, Use.Read);
        var keys = ImmutableArray.CreateBuilder<LocalVariable>(s.Keys.Length);
        for (var i = 0; i < s.Keys.Length; i++)
        {
            var key = s.Keys[i];
            var local = _scope.Find(key.Name) ?? _scope.Declare(key.Name, key.Span);
            local.Assigned = true;
            var slot = global.Keys![i];
            var bound = new Bound(new BoundLocal(Local(local), key.Span), local.Slot, key.Span, TokenText.Of(key));
            if (slot.Type != StapType.Unknown)
            {
                Require(bound, slot.Type);
            }
            else if (local.Slot.Type != StapType.Unknown)
            {
                Resolve(slot, local.Slot.Type, key.Span, TokenText.Of(key));
            }
            keys.Add(Local(local));
        }
        LocalVariable? value = null;
        if (s.Value is { } v)
        {
            var local = _scope.Find(v.Name) ?? _scope.Declare(v.Name, v.Span);
            local.Assigned = true;
            var bound = new Bound(new BoundLocal(Local(local), v.Span), local.Slot, v.Span, TokenText.Of(v));
            if (global.Value.Type is StapType.Long or StapType.String)
            {
                Require(bound, global.Value.Type);
            }
            else if (global.Value.Type == StapType.Stats)
            {
                Error("sema.foreach-value", "foreach value of an aggregate array", v.Span, TokenText.Of(v));
            }
            else if (local.Slot.Type != StapType.Unknown)
            {
                Resolve(global.Value, local.Slot.Type, v.Span, TokenText.Of(v));
            }
            value = Local(local);
        }
        var slice = s.Slice.IsEmpty ? ImmutableArray<BoundExpression?>.Empty : BindKeys(global, s.Slice);
        BoundExpression? limit = null;
        if (s.Limit is not null)
        {
            var l = Bind(s.Limit);
            Require(l, StapType.Long);
            limit = l.Node;
            if (Folding && limit is BoundNumber { Value: <= 0 })
            {
                return new BoundBlock([], s.Span);
            }
        }
        var body = BindLoopBody(s.Body);
        if (s.SortAggregate is not null && global.Value.Type is StapType.Long or StapType.String)
        {
            // Sorting on @sum etc. needs an array of aggregates.
            Error("sema.foreach-aggregate", "invalid type " + Name(global.Value.Type), name.Span, TokenText.Of(name));
        }
        var aggregate = s.SortAggregate ?? AggregateOperator.Count;
        return new BoundForeach(ToGlobal(global), keys.ToImmutable(), value, slice, s.SortDirection, s.SortColumn, aggregate, limit, body, s.Span);
    }

    /// <summary>
    /// <c>foreach (v = b in @hist_log(x) limit n)</c>: b walks the bucket indexes, v gets each count (both longs).
    /// stap types the index only when there is exactly one ("unresolved type" at the foreach otherwise), and
    /// parses a sort or a slice there but ignores them; sorting on @sum etc. crashes stap 4.8, refused here.
    /// </summary>
    private BoundStatement BindForeachBuckets(ForeachStatement s, HistogramExpression h)
    {
        var histogram = Bind(h);
        if (s.Keys.Length != 1)
        {
            Error("sema.unresolved-type", "unresolved type ", s.Span, "keyword");
        }
        if (!s.Slice.IsEmpty)
        {
            Error("sema.unsupported", "an array slice of a histogram is not supported", histogram.Span, histogram.Token);
        }
        if (s.SortAggregate is not null)
        {
            Error("sema.foreach-aggregate", "invalid type " + Name(StapType.Long), histogram.Span, histogram.Token);
        }
        LocalVariable? LongLocal(Identifier? id)
        {
            if (id is null)
            {
                return null;
            }
            var local = _scope.Find(id.Name) ?? _scope.Declare(id.Name, id.Span);
            local.Assigned = true;
            Require(new Bound(new BoundLocal(Local(local), id.Span), local.Slot, id.Span, TokenText.Of(id)), StapType.Long);
            return Local(local);
        }
        var bucket = LongLocal(s.Keys.FirstOrDefault());
        var value = LongLocal(s.Value);
        BoundExpression? limit = null;
        if (s.Limit is not null)
        {
            var l = Bind(s.Limit);
            Require(l, StapType.Long);
            limit = l.Node;
        }
        var body = BindLoopBody(s.Body);
        // Kept when it has an error, so that the optimizer cannot drop the statement the error is reported at.
        if (histogram.Node is not BoundHistogram node || bucket is null || StatsGlobal(node.Operand) is not { } global)
        {
            return new BoundBlock([], s.Span);
        }
        Mark(global, Use.Read);
        return new BoundForeach(ToGlobal(global), [bucket], value, [], SortDirection.None, 0, AggregateOperator.Count, limit, body, s.Span)
        {
            Histogram = node,
        };
    }

    private BoundStatement BindReturn(ReturnStatement s)
    {
        if (_function is null)
        {
            if (s.Value is not null)
            {
                Error("sema.return", "return not allowed in probe", s.Span, "keyword");
            }
            return new BoundNext(s.Span);
        }
        if (s.Value is null)
        {
            return new BoundReturn(null, s.Span);
        }
        var value = Bind(s.Value);
        if (!_function.ReturnsValue)
        {
            _function.ReturnsValue = true;
            Changed = true;
        }
        if (_function.ReturnTarget.Take(value.Target))
        {
            Changed = true;
        }
        var slot = _function.Return;
        if (slot.Type == StapType.Unknown && value.Node.Type is StapType.Long or StapType.String)
        {
            Resolve(slot, value.Node.Type, value.Span, value.Token);
        }
        else if (slot.Type != StapType.Unknown)
        {
            Require(value, slot.Type);
        }
        return new BoundReturn(value.Node, s.Span);
    }

    private BoundStatement BindDelete(DeleteStatement s)
    {
        switch (s.Target)
        {
            case Identifier id when _scope.Find(id.Name) is null && VisibleGlobal(id) is { } global:
                Mark(global, Use.Write);
                if (global.Keys is { Count: > 0 })
                {
                    return new BoundDeleteArray(ToGlobal(global), s.Span);
                }
                // `delete x` fits an array and a scalar alike: only a use that is not a delete fixes x's arity (a
                // foreach bound later in the round makes the next round see an array).
                if (global.Keys is not null || global.Declaration.MaxEntries is not null || global.Declaration.Wrap)
                {
                    CheckArity(global, 0, id.Span, TokenText.Of(id));
                }
                return new BoundDeleteScalar(new BoundGlobal(ToGlobal(global), id.Span), s.Span);
            case Identifier id:
                {
                    var local = _scope.Find(id.Name) ?? _scope.Declare(id.Name, id.Span);
                    return new BoundDeleteScalar(new BoundLocal(Local(local), id.Span), s.Span);
                }
            case IndexExpression { Base: Identifier name } index:
                {
                    var global = ArrayGlobal(name, index.Indexes.Length);
                    var keys = BindKeys(global, index.Indexes);
                    if (global is null)
                    {
                        return new BoundBlock([], s.Span);
                    }
                    Mark(global, Use.Write);
                    return new BoundDeleteElement(ToGlobal(global), keys, s.Span);
                }
            default:
                Error("sema.delete", "invalid operand of delete expression", TokenText.SpanOf(s.Target), TokenText.Of(s.Target));
                return new BoundBlock([], s.Span);
        }
    }
}
