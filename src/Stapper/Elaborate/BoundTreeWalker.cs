namespace Stapper.Elaborate;

/// <summary>
/// The base of every analysis over a bound body: each node kind has a method that by default visits the
/// node's children (<see cref="BoundWalker.Children"/>, in stap's order); an analysis overrides only the
/// kinds it cares about. Calls are not followed: walk the callee's body from <see cref="CallGraph"/>.
/// </summary>
internal abstract class BoundTreeWalker
{
    public void Visit(object? node)
    {
        switch (node)
        {
            case null:
                break;
            case BoundExpressionStatement s:
                VisitExpressionStatement(s);
                break;
            case BoundForeach s:
                VisitForeach(s);
                break;
            case BoundDeleteArray s:
                VisitDeleteArray(s);
                break;
            case BoundDeleteElement s:
                VisitDeleteElement(s);
                break;
            case BoundDeleteScalar s:
                VisitDeleteScalar(s);
                break;
            case BoundTry s:
                VisitTry(s);
                break;
            case BoundLocal e:
                VisitLocal(e);
                break;
            case BoundGlobal e:
                VisitGlobal(e);
                break;
            case BoundArrayElement e:
                VisitArrayElement(e);
                break;
            case BoundAssignment e:
                VisitAssignment(e);
                break;
            case BoundTargetWrite e:
                VisitTargetWrite(e);
                break;
            case BoundIncrement e:
                VisitIncrement(e);
                break;
            case BoundIn e:
                VisitIn(e);
                break;
            case BoundCall e:
                VisitCall(e);
                break;
            case BoundAggregate e:
                VisitAggregate(e);
                break;
            case BoundHistogram e:
                VisitHistogram(e);
                break;
            case BoundPrint e:
                VisitPrint(e);
                break;
            case BoundEmbeddedExpression e:
                VisitEmbedded(e);
                break;
            case BoundInvalid e:
                VisitInvalid(e);
                break;
            default:
                VisitChildren(node);
                break;
        }
    }

    /// <summary>Visits the node's children in order: the default for every kind.</summary>
    protected void VisitChildren(object node)
    {
        // A buffer per depth, kept for the next node: each pass-2 round walks every body.
        var children = _buffers.Count > 0 ? _buffers.Pop() : new List<object>();
        BoundWalker.AddChildren(node, children);
        foreach (var child in children)
        {
            Visit(child);
        }
        children.Clear();
        _buffers.Push(children);
    }

    private readonly Stack<List<object>> _buffers = new();

    /// <summary>An expression whose value is discarded.</summary>
    protected virtual void VisitExpressionStatement(BoundExpressionStatement node) => VisitChildren(node);

    protected virtual void VisitForeach(BoundForeach node) => VisitChildren(node);

    protected virtual void VisitDeleteArray(BoundDeleteArray node) => VisitChildren(node);

    protected virtual void VisitDeleteElement(BoundDeleteElement node) => VisitChildren(node);

    protected virtual void VisitDeleteScalar(BoundDeleteScalar node) => VisitChildren(node);

    protected virtual void VisitTry(BoundTry node) => VisitChildren(node);

    protected virtual void VisitLocal(BoundLocal node) => VisitChildren(node);

    protected virtual void VisitGlobal(BoundGlobal node) => VisitChildren(node);

    protected virtual void VisitArrayElement(BoundArrayElement node) => VisitChildren(node);

    protected virtual void VisitAssignment(BoundAssignment node) => VisitChildren(node);

    protected virtual void VisitIncrement(BoundIncrement node) => VisitChildren(node);

    protected virtual void VisitTargetWrite(BoundTargetWrite node) => VisitChildren(node);

    protected virtual void VisitIn(BoundIn node) => VisitChildren(node);

    protected virtual void VisitCall(BoundCall node) => VisitChildren(node);

    protected virtual void VisitAggregate(BoundAggregate node) => VisitChildren(node);

    protected virtual void VisitHistogram(BoundHistogram node) => VisitChildren(node);

    protected virtual void VisitPrint(BoundPrint node) => VisitChildren(node);

    protected virtual void VisitEmbedded(BoundEmbeddedExpression node) => VisitChildren(node);

    protected virtual void VisitInvalid(BoundInvalid node) => VisitChildren(node);
}
