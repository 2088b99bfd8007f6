using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;

namespace Stapper.Elaborate;

/// <summary>
/// stap forbids changing an array inside a <c>foreach</c> over it: by a write in the loop body, or by a call to a
/// function that writes it at any depth. Checked as stap does, on what survived the optimizer.
/// </summary>
internal static class ForeachMutationCheck
{
    public static void Report(IEnumerable<BoundBlock> bodies, CallGraph calls, DiagnosticBag diagnostics)
    {
        var written = new Dictionary<FunctionKey, HashSet<string>>();
        foreach (var body in bodies)
        {
            foreach (var loop in BoundWalker.Nodes(body).OfType<BoundForeach>())
            {
                var name = loop.Array.Name;
                foreach (var node in BoundWalker.Nodes(loop.Body))
                {
                    switch (node)
                    {
                        case BoundAssignment { Target: BoundArrayElement a } when a.Array.Name == name:
                            Modified(a.Span, name, diagnostics);
                            break;
                        case BoundIncrement { Target: BoundArrayElement a } when a.Array.Name == name:
                            Modified(a.Span, name, diagnostics);
                            break;
                        case BoundDeleteElement d when d.Array.Name == name:
                            Modified(d.Span, name, diagnostics);
                            break;
                        case BoundDeleteArray d when d.Array.Name == name:
                            Modified(d.Span, name, diagnostics);
                            break;
                        case BoundCall c when Writes(c, calls, written).Contains(name):
                            diagnostics.Add(new Diagnostic(Severity.Error, "sema.foreach-modified", "semantic error",
                                "function call modifies var '" + name + "' during 'foreach' iteration", c.Span, TokenText.Identifier(c.Function.Name)));
                            break;
                    }
                }
            }
        }
    }

    private static void Modified(Diagnostics.SourceSpan span, string name, DiagnosticBag diagnostics) =>
        diagnostics.Add(new Diagnostic(Severity.Error, "sema.foreach-modified", "semantic error",
            "variable '" + name + "' modified during 'foreach' iteration", span, TokenText.Identifier(name)));

    /// <summary>The globals a call writes, in the callee or anything it calls.</summary>
    private static HashSet<string> Writes(BoundCall call, CallGraph calls, Dictionary<FunctionKey, HashSet<string>> cache)
    {
        var key = FunctionKey.Of(call);
        if (cache.TryGetValue(key, out var set))
        {
            return set;
        }
        cache[key] = set = new HashSet<string>(StringComparer.Ordinal);
        if (calls.Callee(call) is not { Body: { } body } callee)
        {
            return set;
        }
        foreach (var function in calls.ReachableFrom(body).Append(callee))
        {
            if (function.Body is { } b)
            {
                set.UnionWith(BoundWalker.Nodes(b).Select(WrittenGlobal).OfType<string>());
            }
        }
        return set;
    }

    private static string? WrittenGlobal(object node) => node switch
    {
        BoundAssignment { Target: BoundArrayElement a } => a.Array.Name,
        BoundAssignment { Target: BoundGlobal g } => g.Variable.Name,
        BoundIncrement { Target: BoundArrayElement a } => a.Array.Name,
        BoundIncrement { Target: BoundGlobal g } => g.Variable.Name,
        BoundDeleteElement d => d.Array.Name,
        BoundDeleteArray d => d.Array.Name,
        _ => null,
    };
}
