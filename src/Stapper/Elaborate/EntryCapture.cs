using System.Collections.Immutable;
using System.Globalization;
using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// <c>@entry(expr)</c> in a kernel.function return probe, as stap 4.8 expands it: a synthesized probe on the
/// function's entry evaluates expr and pushes it on a per-thread stack (a global array keyed by thread and depth,
/// so recursion nests); the return probe pops it into a local that replaces the <c>@entry</c>.
/// </summary>
internal sealed class EntryCapture
{
    private const string Prefix = "__global_entry_tvar_entry_";
    private const string Tid = "_entry_tvar_tid";
    private readonly ProgramSymbols _symbols;
    private int _next;

    public EntryCapture(ProgramSymbols symbols) => _symbols = symbols;

    /// <summary>The probe, or for a return probe using @entry: its entry probe, then itself rewritten.</summary>
    public IEnumerable<ResolvedProbe> Expand(ResolvedProbe probe)
    {
        if (probe.Sites.IsEmpty || !probe.Sites.All(s => s is KernelFunctionSite { Return: true }))
        {
            return [probe];
        }
        var captured = new List<EntryExpression>();
        var body = (Block)new Replacer(captured, _next).Statement(probe.Body);
        if (captured.Count == 0)
        {
            return [probe];
        }
        var span = captured[0].Span;
        Identifier Id(string name) => new(name, span);
        Expression Call(string name) => new FunctionCall(name, [], span, span);
        Statement Do(Expression e) => new ExpressionStatement(e, span);
        Expression Assign(Expression target, Expression value) => new AssignmentExpression(AssignmentOperator.Assign, target, value, span, span);
        Expression At(string array, params Expression[] keys) => new IndexExpression(Id(array), [.. keys], span);

        var entry = new List<Statement> { Do(Assign(Id(Tid), Call("tid"))) };
        var prologue = new List<Statement> { Do(Assign(Id(Tid), Call("tid"))) };
        foreach (var e in captured)
        {
            var name = Prefix + _next++.ToString(CultureInfo.InvariantCulture);
            var counter = name + "_ctr";
            Declare(name, span);
            Declare(counter, span);
            var depth = At(counter, Id(Tid));
            entry.Add(Do(Assign(At(name, Id(Tid), new IncrementExpression(depth, true, true, span, span)), e.Operand)));
            prologue.Add(Do(Assign(Id(name + "_tmp"), At(name, Id(Tid), depth))));
            prologue.Add(new DeleteStatement(At(name, Id(Tid), new IncrementExpression(depth, false, false, span, span)), span));
            prologue.Add(new IfStatement(new UnaryExpression(UnaryOperator.LogicalNot, depth, span, span), new DeleteStatement(depth, span), null, span));
        }
        var entrySites = probe.Sites.Select(s => (ProbeSite)((KernelFunctionSite)s with { Return = false, Name = CallName(s.Name) }));
        return
        [
            probe with { Sites = [.. entrySites], Body = new Block([.. entry], probe.Body.Span) },
            probe with { Body = body with { Statements = [.. prologue, .. body.Statements] } },
        ];
    }

    private static string CallName(string name) => (name.EndsWith(".return", StringComparison.Ordinal) ? name[..^7] : name) + ".call";

    private void Declare(string name, SourceSpan span)
    {
        if (!_symbols.Globals.ContainsKey(name))
        {
            _symbols.Globals[name] = new GlobalSymbol(new GlobalDeclaration(name, null, false, null, false, span), fromTapset: true);
        }
    }

    /// <summary>Replaces each outermost @entry(e) with the local its value is popped into, collecting them in order.</summary>
    private sealed class Replacer(List<EntryExpression> captured, int first) : SyntaxRewriter
    {
        public override Expression Expression(Expression e) => e is EntryExpression entry ? Capture(entry) : base.Expression(e);

        private Identifier Capture(EntryExpression entry)
        {
            var name = Prefix + (first + captured.Count).ToString(CultureInfo.InvariantCulture) + "_tmp";
            captured.Add(entry);
            return new Identifier(name, entry.Span);
        }
    }
}
