using System.Collections.Immutable;
using Stapper.Elaborate.Binding;

namespace Stapper.Elaborate;

/// <summary>Every node of a bound body, depth first: for the call graph and the globals a program uses.</summary>
internal static class BoundWalker
{
    public static IEnumerable<BoundCall> Calls(BoundStatement body) => Nodes(body).OfType<BoundCall>();

    public static IEnumerable<string> Globals(BoundStatement body)
    {
        foreach (var node in Nodes(body))
        {
            switch (node)
            {
                case BoundGlobal g:
                    yield return g.Variable.Name;
                    break;
                case BoundArrayElement a:
                    yield return a.Array.Name;
                    break;
                case BoundIn i:
                    yield return i.Array.Name;
                    break;
                case BoundForeach f:
                    yield return f.Array.Name;
                    break;
                case BoundDeleteArray d:
                    yield return d.Array.Name;
                    break;
                case BoundDeleteElement d:
                    yield return d.Array.Name;
                    break;
                case BoundEmbeddedExpression e:
                    foreach (var name in PragmaGlobals.Names(e.Code))
                    {
                        yield return name;
                    }
                    break;
            }
        }
    }

    public static GlobalVariable GlobalOf(GlobalSymbol symbol) => symbol.ToVariable();

    public static IEnumerable<object> Nodes(object node)
    {
        // One stack and one child buffer for the whole walk: every pass-2 round walks every body.
        var stack = new Stack<object>();
        var children = new List<object>();
        stack.Push(node);
        while (stack.TryPop(out var current))
        {
            yield return current;
            children.Clear();
            AddChildren(current, children);
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    public static IEnumerable<object> Children(object node)
    {
        var children = new List<object>();
        AddChildren(node, children);
        return children;
    }

    /// <summary>Adds the node's children, in stap's order, to a caller's buffer (walks reuse theirs).</summary>
    public static void AddChildren(object node, List<object> into)
    {
        void Add(object? child)
        {
            if (child is not null)
            {
                into.Add(child);
            }
        }
        void AddAll<T>(ImmutableArray<T> children) where T : class?
        {
            foreach (var child in children)
            {
                Add(child);
            }
        }
        switch (node)
        {
            case BoundBlock b: AddAll(b.Statements); break;
            case BoundExpressionStatement s: Add(s.Expression); break;
            case BoundIf s: Add(s.Condition); Add(s.Then); Add(s.Else); break;
            case BoundWhile s: Add(s.Condition); Add(s.Body); break;
            case BoundFor s: Add(s.Init); Add(s.Condition); Add(s.Increment); Add(s.Body); break;
            case BoundForeach s: Add(s.Histogram); AddAll(s.Slice); Add(s.Limit); Add(s.Body); break;
            case BoundReturn s: Add(s.Value); break;
            case BoundDeleteElement s: AddAll(s.Keys); break;
            case BoundDeleteScalar s: Add(s.Variable); break;
            case BoundTry s: Add(s.Try); Add(s.Catch); break;
            case BoundArrayElement e: AddAll(e.Keys); break;
            case BoundAssignment e: Add(e.Target); Add(e.Value); break;
            case BoundBinary e: Add(e.Left); Add(e.Right); break;
            case BoundUnary e: Add(e.Operand); break;
            case BoundIncrement e: Add(e.Target); break;
            case BoundTernary e: Add(e.Condition); Add(e.Then); Add(e.Else); break;
            case BoundIn e: AddAll(e.Keys); break;
            case BoundCall e: AddAll(e.Arguments); break;
            case BoundAggregate e: Add(e.Operand); break;
            case BoundHistogram e: Add(e.Operand); break;
            case BoundHistogramBucket e: Add(e.Histogram); Add(e.Index); break;
            case BoundPrint e: Add(e.Delimiter); AddAll(e.Arguments); break;
            case BoundRegexMatch e: Add(e.Subject); break;
            case BoundCaughtString e: Add(e.Value); break;
            case BoundTargetValue e:
                foreach (var operand in e.Operands)
                {
                    Add(operand);
                }
                break;
            case BoundTargetWrite e: Add(e.Target); Add(e.Value); break;
        }
    }
}
