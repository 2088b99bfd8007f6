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
        var stack = new Stack<object>();
        stack.Push(node);
        while (stack.TryPop(out var current))
        {
            yield return current;
            foreach (var child in Children(current).Reverse())
            {
                stack.Push(child);
            }
        }
    }

    public static IEnumerable<object> Children(object node)
    {
        IEnumerable<object?> children = node switch
        {
            BoundBlock b => b.Statements,
            BoundExpressionStatement s => [s.Expression],
            BoundIf s => [s.Condition, s.Then, s.Else],
            BoundWhile s => [s.Condition, s.Body],
            BoundFor s => [s.Init, s.Condition, s.Increment, s.Body],
            BoundForeach s => s.Slice.Cast<object?>().Prepend(s.Histogram).Append(s.Limit).Append(s.Body),
            BoundReturn s => [s.Value],
            BoundDeleteElement s => s.Keys,
            BoundDeleteScalar s => [s.Variable],
            BoundTry s => [s.Try, s.Catch],
            BoundArrayElement e => e.Keys,
            BoundAssignment e => [e.Target, e.Value],
            BoundBinary e => [e.Left, e.Right],
            BoundUnary e => [e.Operand],
            BoundIncrement e => [e.Target],
            BoundTernary e => [e.Condition, e.Then, e.Else],
            BoundIn e => e.Keys,
            BoundCall e => e.Arguments,
            BoundAggregate e => [e.Operand],
            BoundHistogram e => [e.Operand],
            BoundHistogramBucket e => [e.Histogram, e.Index],
            BoundPrint e => e.Arguments.Cast<object?>().Prepend(e.Delimiter),
            BoundRegexMatch e => [e.Subject],
            BoundCaughtString e => [e.Value],
            BoundTargetValue e => e.Operands,
            BoundTargetWrite e => [e.Target, e.Value],
            _ => [],
        };
        return children.Where(c => c is not null)!;
    }
}
