using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;

namespace Stapper.Elaborate;

/// <summary>
/// stap's last type-inference round reports every node still without a type, prints the first and
/// counts the rest as suppressed. This walks the program in stap's order (functions by name, then
/// probes, then globals) and finds the same nodes: symbol uses, call arguments, print arguments, locals.
/// </summary>
internal sealed class UnresolvedTypes
{
    private readonly List<(SourceSpan Span, string Token)> _found = new();

    public static Diagnostic? Report(IEnumerable<(BoundBlock? Body, IEnumerable<LocalVariable> Locals)> functionsByName,
        IEnumerable<(BoundBlock Body, IEnumerable<LocalVariable> Locals)> probes, IEnumerable<(string Name, SourceSpan Span)> unresolvedGlobals)
    {
        var walk = new UnresolvedTypes();
        foreach (var (body, locals) in functionsByName)
        {
            walk.Statement(body);
            walk.Locals(locals);
        }
        foreach (var (body, locals) in probes)
        {
            walk.Statement(body);
            walk.Locals(locals);
        }
        foreach (var (name, span) in unresolvedGlobals)
        {
            walk._found.Add((span, TokenText.Identifier(name)));
        }
        if (walk._found.Count == 0)
        {
            return null;
        }
        var (first, token) = walk._found[0];
        return new Diagnostic(Severity.Error, "sema.unresolved-type", "semantic error", "unresolved type ", first, token) { Repeats = walk._found.Count - 1 };
    }

    private void Locals(IEnumerable<LocalVariable> locals)
    {
        foreach (var local in locals.Where(l => l.Type == StapType.Unknown))
        {
            _found.Add((local.Span, TokenText.Identifier(local.Name)));
        }
    }

    private void Statement(BoundStatement? statement)
    {
        if (statement is BoundForeach loop)
        {
            // stap visits a foreach's index variables before the rest of the loop
            Locals(loop.Keys);
        }
        foreach (var child in statement is null ? [] : BoundWalker.Children(statement))
        {
            if (child is BoundExpression e)
            {
                Expression(e);
            }
            else
            {
                Statement((BoundStatement)child);
            }
        }
    }

    private void Expression(BoundExpression e)
    {
        switch (e)
        {
            case BoundLocal { Type: StapType.Unknown } l:
                _found.Add((l.Span, TokenText.Identifier(l.Variable.Name)));
                break;
            case BoundGlobal { Type: StapType.Unknown } g:
                _found.Add((g.Span, TokenText.Identifier(g.Variable.Name)));
                break;
            case BoundCall call:
                foreach (var argument in call.Arguments)
                {
                    Expression(argument);
                    Unresolved(argument);
                }
                break;
            case BoundPrint { Format.IsEmpty: true } print:
                foreach (var argument in print.Arguments)
                {
                    Expression(argument);
                    Unresolved(argument);
                }
                if (print.Arguments.Any(a => a.Type == StapType.Unknown))
                {
                    _found.Add((print.TokenSpan, print.Token));
                }
                break;
            default:
                foreach (var child in BoundWalker.Children(e))
                {
                    Expression((BoundExpression)child);
                }
                break;
        }
    }

    private void Unresolved(BoundExpression argument)
    {
        if (argument.Type == StapType.Unknown)
        {
            _found.Add((argument.TokenSpan, argument.Token));
        }
    }
}
