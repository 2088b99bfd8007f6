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
    private sealed class Replacer(List<EntryExpression> captured, int first)
    {
        public Statement Statement(Statement s) => s switch
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

        private Expression? Optional(Expression? e) => e is null ? null : Expression(e);

        private ImmutableArray<Expression?> Optionals(ImmutableArray<Expression?> list) => [.. list.Select(Optional)];

        private ImmutableArray<Expression> All(ImmutableArray<Expression> list) => [.. list.Select(Expression)];

        private ImmutableArray<TargetComponent> Components(ImmutableArray<TargetComponent> list) =>
            [.. list.Select(c => c is IndexComponent i ? i with { Index = Expression(i.Index) } : c)];

        private Expression Expression(Expression e) => e switch
        {
            EntryExpression entry => Capture(entry),
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

        private Identifier Capture(EntryExpression entry)
        {
            var name = Prefix + (first + captured.Count).ToString(CultureInfo.InvariantCulture) + "_tmp";
            captured.Add(entry);
            return new Identifier(name, entry.Span);
        }
    }
}
