using System.Collections.Immutable;
using System.Globalization;
using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// <c>@entry(expr)</c> in a function's return probe, as stap 4.8 expands it: a synthesized probe on the
/// function's entry evaluates expr and pushes it on a per-thread stack (a global array keyed by thread and depth,
/// so recursion nests); the return probe pops it into a local that replaces the <c>@entry</c>. Where the site
/// says so (user space), every target variable but <c>$return</c> is such a capture, with stap's warning.
/// </summary>
internal sealed class EntryCapture
{
    private const string Prefix = "__global_entry_tvar_entry_";
    private const string Tid = "_entry_tvar_tid";
    private readonly ProgramSymbols _symbols;
    private readonly DiagnosticBag _diagnostics;
    private int _next;

    private readonly Lazy<TargetVariables.IKernelTypes?> _types;

    public EntryCapture(ProgramSymbols symbols, DiagnosticBag diagnostics, Lazy<TargetVariables.IKernelTypes?> types)
    {
        _symbols = symbols;
        _diagnostics = diagnostics;
        _types = types;
    }

    /// <summary>The probe, or for a return probe using @entry: its entry probe, then itself rewritten.</summary>
    public IEnumerable<ResolvedProbe> Expand(ResolvedProbe probe)
    {
        var targets = probe.Sites.OfType<TargetVariables.ITargetVariableSite>().ToList();
        if (probe.Sites.IsEmpty || targets.Count < probe.Sites.Length || targets.Any(t => t.AtEntry("") is null))
        {
            return [probe];
        }
        var captured = new List<(EntryExpression Entry, Expression? Guard)>();
        var replacer = new Replacer(captured, _next)
        {
            CapturesTargets = targets.All(t => t.CapturesAtEntry),
            Captures = name => targets.All(t => t.CapturedAtEntry(name, _types.Value)),
        };
        var body = (Block)replacer.Statement(probe.Body);
        foreach (var v in replacer.Targets.Where(v => !_symbols.PulledFiles.Any(f => f.IsTapset && ReferenceEquals(f.File, v.Span.File))))
        {
            _diagnostics.Add(new Diagnostic(Severity.Warning, "sema.entry-capture", "WARNING",
                "confusing usage, value is captured as @entry(" + Binder.Spelling(v) + ") in .return probe [man stapprobes] RETURN PROBES",
                v.Span, TokenText.Identifier("$" + v.Name)));
        }
        if (captured.Count == 0)
        {
            return [probe];
        }
        var span = captured[0].Entry.Span;
        // The thread id's assignment has a place no capture has (one that the optimizer folds away must not take it along).
        var tidAt = probe.Body.Span;
        // Each capture's assignments carry its own @entry's place: the optimizer elides an assignment by its place.
        Expression Assign(Expression target, Expression value, SourceSpan at) => new AssignmentExpression(AssignmentOperator.Assign, target, value, at, at);

        Statement TidAssignment() => new ExpressionStatement(Assign(new Identifier(Tid, span), new FunctionCall("tid", [], span, span), tidAt), tidAt);
        var entry = new List<Statement> { TidAssignment() };
        var prologue = new List<Statement> { TidAssignment() };
        foreach (var (e, guard) in captured)
        {
            // Each capture's statements carry its own @entry's place: the optimizer elides and folds by place.
            var at = e.Span;
            Identifier Name(string n) => new(n, at);
            Expression Element(string array, Expression key) => new IndexExpression(Name(array), [Name(Tid), key], at);
            var name = Prefix + _next++.ToString(CultureInfo.InvariantCulture);
            var counter = name + "_ctr";
            Declare(name, span);
            Declare(counter, span);
            _symbols.EntryOperands[name] = e.Operand;
            var depth = new IndexExpression(Name(counter), [Name(Tid)], at);
            // Under a @defined branch, pushed and popped only when it is taken (the condition folds in both probes).
            void When(List<Statement> into, params Statement[] statements)
            {
                if (guard is null)
                {
                    into.AddRange(statements);
                }
                else
                {
                    into.Add(new IfStatement(guard, new Block([.. statements], at), null, at));
                }
            }
            When(entry, new ExpressionStatement(Assign(Element(name, new IncrementExpression(depth, true, true, at, at)), e.Operand, at), at));
            When(prologue,
                new ExpressionStatement(Assign(Name(name + "_tmp"), Element(name, depth), at), at),
                new DeleteStatement(Element(name, new IncrementExpression(depth, false, false, at, at)), at),
                new IfStatement(new UnaryExpression(UnaryOperator.LogicalNot, depth, at, at), new DeleteStatement(depth, at), null, at));
        }
        var entrySites = targets.Select(t => t.AtEntry(CallName(((ProbeSite)t).Name))!);
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

    /// <summary>
    /// Replaces each outermost @entry(e) with the local its value is popped into, collecting them in order with the
    /// @defined conditions they sit under: <c>@defined(@entry(x)) ? @entry(x->a) : @entry(y)</c> pushes and pops only
    /// the branch @defined(x) takes, as stap decides @defined before it expands @entry.
    /// </summary>
    private sealed class Replacer(List<(EntryExpression Entry, Expression? Guard)> captured, int first) : SyntaxRewriter
    {
        private readonly Stack<Expression> _guards = new();

        /// <summary>Every target variable but <c>$return</c> is captured as if written <c>@entry(...)</c>.</summary>
        public bool CapturesTargets { get; init; }

        /// <summary>Whether the return site has this <c>$name</c> captured at entry although it captures no other.</summary>
        public Func<string, bool> Captures { get; init; } = _ => false;

        /// <summary>The target variables captured that way, for stap's warning.</summary>
        public List<TargetVariable> Targets { get; } = [];

        public override Expression Expression(Expression e) => e switch
        {
            EntryExpression entry => Capture(entry),
            TargetVariable v when CapturesTargets && v.Name is not ("return" or "$return") => CaptureTarget(v),
            TargetVariable v when !CapturesTargets && _defined == 0 && !v.Name.StartsWith('$') && Captures(v.Name) => CaptureTarget(v),
            // @defined tests what resolves; the return probe sees the same variables.
            DefinedExpression d when CapturesTargets => d,
            DefinedExpression d => InDefined(d),
            TernaryExpression { Condition: DefinedExpression d } t when Unwrapped(d) is var defined =>
                t with { Condition = defined, Then = Guarded(defined, t.Then), Else = Guarded(Not(defined), t.Else) },
            _ => base.Expression(e),
        };

        public override Statement Statement(Statement s) => s switch
        {
            IfStatement { Condition: DefinedExpression d } i when Unwrapped(d) is var defined => i with
            {
                Condition = defined,
                Then = Guarded(defined, i.Then, Statement),
                Else = i.Else is null ? null : Guarded(Not(defined), i.Else, Statement),
            },
            _ => base.Statement(s),
        };

        /// <summary>@defined(@entry(x)) is @defined(x): the return probe sees the same function's variables.</summary>
        private static DefinedExpression Unwrapped(DefinedExpression d) =>
            d.Operand is EntryExpression entry ? d with { Operand = entry.Operand } : d;

        private static Expression Not(Expression e) => new UnaryExpression(UnaryOperator.LogicalNot, e, e.Span, e.Span);

        private Expression Guarded(Expression guard, Expression e) => Guarded(guard, e, Expression);

        private T Guarded<T>(Expression guard, T node, Func<T, T> rewrite)
        {
            _guards.Push(guard);
            try
            {
                return rewrite(node);
            }
            finally
            {
                _guards.Pop();
            }
        }

        private int _defined;

        /// <summary>@defined's operand: an @entry in it is captured, a plain target variable stays what it tests.</summary>
        private Expression InDefined(DefinedExpression d)
        {
            _defined++;
            try
            {
                return base.Expression(d);
            }
            finally
            {
                _defined--;
            }
        }

        private Identifier CaptureTarget(TargetVariable v)
        {
            Targets.Add(v);
            return Capture(new EntryExpression(v, v.Span));
        }

        private Identifier Capture(EntryExpression entry)
        {
            var name = Prefix + (first + captured.Count).ToString(CultureInfo.InvariantCulture) + "_tmp";
            Expression? guard = null;
            foreach (var g in _guards)
            {
                guard = guard is null ? g : new BinaryExpression(BinaryOperator.LogicalAnd, g, guard, g.Span, g.Span);
            }
            captured.Add((entry, guard));
            return new Identifier(name, entry.Span);
        }
    }
}
