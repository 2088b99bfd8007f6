using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;

namespace Stapper.Elaborate.Optimize;

/// <summary>
/// stap's first optimization loop, before type inference: warn about never-assigned variables, reduce
/// assignments to never-read locals to their value, drop statements without visible effect, and elide
/// probes left empty. It repeats until nothing changes; only the first round warns, as stap does.
/// </summary>
internal sealed class DeadCodeElider(
    IReadOnlyList<OptimizedProbe> probes,
    IReadOnlyDictionary<FunctionKey, OptimizedFunction> functions,
    IReadOnlyList<OptimizedGlobal> globals,
    Func<SourceSpan, bool> inUserFile)
{
    private const int MaxRounds = 64;
    private readonly HashSet<SourceSpan> _assignments = new();
    private readonly HashSet<SourceSpan> _statements = new();
    private bool _warn;
    private bool _relaxed;

    public List<Diagnostic> Warnings { get; } = new();

    /// <summary>stap's -u: only constant folding and dead control removal run, and no probe is elided.</summary>
    public bool Unoptimized { get; init; }

    /// <summary>-t: empty probes stay, as in stap (PR10070), so their hits are timed.</summary>
    public bool KeepEmptyProbes { get; init; }

    /// <summary>
    /// What the first round removed before it folded constants, when later work removed more: stap checks types on
    /// that code (a mismatch in code folded away is still an error); null when the result is the same code.
    /// </summary>
    public Elisions? BeforeFolding { get; private set; }

    /// <summary>Nothing was folded, reduced, dropped or elided: the program after the optimizer is the one before it.</summary>
    public bool RemovedNothing { get; private set; }

    /// <summary>How many of <see cref="Warnings"/> the first round gave before it folded.</summary>
    public int FirstRoundWarnings { get; private set; }

    public Elisions Run()
    {
        Elisions? first = null;
        var folded = false;
        for (var round = 0; round < MaxRounds; round++)
        {
            _warn = round == 0;
            _relaxed = true;
            if (!Unoptimized)
            {
                var use = Collect();
                if (_warn)
                {
                    WarnNeverAssigned(use);
                }
                RemoveDeadAssignments(use);
                RemoveDeadStatements(Collect());
            }
            if (round == 0)
            {
                first = Current();
                FirstRoundWarnings = Warnings.Count;
                // The locals an autocast @defined kept read this round are stap's second optimizer's, which is silent.
                _relaxed &= probes.All(p => p.TestedByDefined.Count == 0) && functions.Values.All(f => f.TestedByDefined.Count == 0);
            }
            if (FoldConstants())
            {
                folded = true;
                _relaxed = false;
            }
            if (_relaxed)
            {
                break;
            }
        }
        var result = Current() with { Folding = new ConstantFolding(Callee) };
        if (first is not null && (folded || !first.Assignments.SetEquals(result.Assignments) || !first.Statements.SetEquals(result.Statements)))
        {
            BeforeFolding = first;
        }
        RemovedNothing = !folded && result.Assignments.IsEmpty && result.Statements.IsEmpty;
        if (Unoptimized)
        {
            return result;
        }
        _warn = true;
        var elided = ImmutableHashSet.CreateBuilder<ProbeKey>();
        foreach (var probe in probes.Where(p => p.Body.Statements.IsEmpty && !p.TakesEntryValues && !p.DefinesCounter && !KeepEmptyProbes))
        {
            probe.Elided = true;
            elided.Add(probe.Key);
            Warn($"Probe '{probe.Functor}' has been elided", probe.Span, "keyword");
        }
        RemovedNothing &= elided.Count == 0;
        return result with { Probes = elided.ToImmutable() };
    }

    private Elisions Current() => new(_assignments.ToImmutableHashSet(), _statements.ToImmutableHashSet(), []);

    /// <summary>stap's const_folder and dead_control_remover over every body; true when they changed anything.</summary>
    private bool FoldConstants()
    {
        var changed = false;
        foreach (var probe in probes)
        {
            var folder = new BodyFolder(e => SideEffectFree(e, probe));
            probe.Body = folder.Block(probe.Body);
            changed |= folder.Changed;
        }
        foreach (var function in functions.Values.Where(f => f.Body is not null))
        {
            var folder = new BodyFolder(e => SideEffectFree(e, function));
            function.Body = folder.Block(function.Body!);
            changed |= folder.Changed;
        }
        return changed;
    }

    private bool SideEffectFree(BoundExpression e, object owner) => UseOf(u => u.Expression(e, owner)).SideEffectFree;

    private VariableUse Collect()
    {
        var use = new VariableUse(Callee);
        foreach (var probe in probes)
        {
            use.Statement(probe.Body, probe);
        }
        if (_warn)
        {
            // stap's first optimizer runs before autocast settles @defined(x->m), so x is still read there.
            use.Read.UnionWith(probes.SelectMany(p => p.TestedByDefined.Select(n => new VariableKey(p, n))));
            use.Read.UnionWith(functions.Values.SelectMany(f => f.TestedByDefined.Select(n => new VariableKey(f, n))));
        }
        return use;
    }

    private OptimizedFunction? Callee(BoundCall call) => functions.GetValueOrDefault(FunctionKey.Of(call));

    /// <summary>stap keeps functions in a map by name: rewrites and warnings go in that order.</summary>
    private static IEnumerable<OptimizedFunction> ByName(VariableUse use) =>
        use.Reached.Where(f => f.Body is not null).OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.Arity);

    private void WarnNeverAssigned(VariableUse use)
    {
        var globalNames = globals.Select(g => g.Name).Where(n => !n.StartsWith("__private_", StringComparison.Ordinal)).ToList();
        // The names stap suggests from are only built for a warning: a script has many globals and bodies.
        foreach (var probe in probes)
        {
            IEnumerable<string> Names() => probe.Locals.Select(l => l.Name).Concat(globalNames);
            foreach (var local in probe.Locals)
            {
                WarnIfNeverAssigned(use, new VariableKey(probe, local.Name), local, Names);
            }
        }
        foreach (var function in ByName(use))
        {
            IEnumerable<string> Names() => function.Parameters.Concat(function.Locals.Select(l => l.Name)).Concat(globalNames);
            foreach (var local in function.Locals)
            {
                WarnIfNeverAssigned(use, new VariableKey(function, local.Name), local, Names);
            }
        }
        foreach (var global in globals)
        {
            var key = VariableKey.Global(global.Name);
            if (use.Read.Contains(key) && !use.Written.Contains(key) && !global.HasInitializer)
            {
                // stap 4.8 offers the global's own name among the similar ones.
                var similar = Suggestions.Closest(global.Name, globalNames);
                Warn($"never-assigned global variable '{global.Name}'" + (similar.Length > 0 ? $" (similar: {similar})" : ""),
                    global.Span, TokenText.Identifier(global.Name));
            }
        }
    }

    private void WarnIfNeverAssigned(VariableUse use, VariableKey key, LocalVariable local, Func<IEnumerable<string>> names)
    {
        if (!use.Read.Contains(key) || use.Written.Contains(key))
        {
            return;
        }
        var similar = Suggestions.Closest(local.Name, names().Where(n => n != local.Name));
        Warn($"never-assigned local variable '{local.Name}'" + (similar.Length > 0 ? $" (similar: {similar})" : ""),
            local.Span, TokenText.Identifier(local.Name));
    }

    private void RemoveDeadAssignments(VariableUse use)
    {
        var globalNames = globals.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        // An alias body is bound into every probe that uses the alias, and an elision names a source span:
        // an assignment is elided only when it is dead in all of them (stap elides per derived probe).
        var live = new HashSet<SourceSpan>();
        BoundExpression Live(BoundExpression e, object owner)
        {
            if (e is BoundAssignment { Target: BoundLocal target } a && use.Read.Contains(new VariableKey(owner, target.Variable.Name)))
            {
                live.Add(a.TokenSpan);
            }
            return e;
        }
        foreach (var probe in probes)
        {
            BoundRewriter.Block(probe.Body, e => Live(e, probe));
        }
        BoundExpression Reduce(BoundExpression e, object owner)
        {
            if (e is BoundAssignment { Target: BoundLocal target } a
                && !use.Read.Contains(new VariableKey(owner, target.Variable.Name))
                && !live.Contains(a.TokenSpan)
                && !globalNames.Contains(target.Variable.Name))
            {
                if (inUserFile(a.TokenSpan))
                {
                    Warn($"Eliding assignment to '{target.Variable.Name}'", a.TokenSpan, a.Token);
                }
                _assignments.Add(a.TokenSpan);
                _relaxed = false;
                return a.Value;
            }
            return e;
        }
        foreach (var probe in probes)
        {
            probe.Body = BoundRewriter.Block(probe.Body, e => Reduce(e, probe));
        }
        foreach (var function in ByName(use))
        {
            function.Body = BoundRewriter.Block(function.Body!, e => Reduce(e, function));
        }
    }

    private void RemoveDeadStatements(VariableUse use)
    {
        var globalKeys = globals.Select(g => VariableKey.Global(g.Name)).ToHashSet();
        foreach (var probe in probes)
        {
            var focal = new FocalVariables(probe.Locals.Select(l => new VariableKey(probe, l.Name)).ToHashSet(), globalKeys);
            probe.Body = AsBlock(Simplify(probe.Body, probe, focal), probe.Body);
        }
        foreach (var function in ByName(use))
        {
            var focal = new FocalVariables(function.Parameters.Concat(function.Locals.Select(l => l.Name))
                .Select(n => new VariableKey(function, n)).ToHashSet(), globalKeys);
            var body = Simplify(function.Body!, function, focal);
            if (body is null)
            {
                Warn($"side-effect-free function '{function.Name}'", function.NameSpan, TokenText.Identifier(function.Name));
            }
            function.Body = AsBlock(body, function.Body!);
        }
    }

    private static BoundBlock AsBlock(BoundStatement? statement, BoundBlock old) => statement switch
    {
        null => old with { Statements = [] },
        BoundBlock b => b,
        _ => old with { Statements = [statement] },
    };

    /// <summary>The statement without what has no visible effect, or null when nothing is left.</summary>
    private BoundStatement? Simplify(BoundStatement statement, object owner, FocalVariables focal)
    {
        switch (statement)
        {
            case BoundBlock b:
                {
                    var kept = new List<BoundStatement>();
                    foreach (var s in b.Statements)
                    {
                        switch (Simplify(s, owner, focal))
                        {
                            case null:
                                break;
                            case BoundBlock inner:
                                kept.AddRange(inner.Statements);
                                break;
                            case var other:
                                kept.Add(other);
                                break;
                        }
                    }
                    return kept.Count == 0 ? Drop(b) : b with { Statements = [.. kept] };
                }
            case BoundExpressionStatement s:
                {
                    var use = UseOf(u => u.Expression(s.Expression, owner));
                    if (!use.SideEffectFreeFor(focal))
                    {
                        return s;
                    }
                    if (inUserFile(s.Span))
                    {
                        Warn("Eliding side-effect-free expression ", s.Span, s.LeadToken);
                    }
                    _relaxed = false;
                    return Drop(s);
                }
            case BoundIf s:
                {
                    var then = Simplify(s.Then, owner, focal);
                    var otherwise = s.Else is null ? null : Simplify(s.Else, owner, focal);
                    if (then is null && otherwise is null && UseOf(u => u.Expression(s.Condition, owner)).SideEffectFree)
                    {
                        return Drop(s);
                    }
                    return s with { Then = then ?? new BoundBlock([], s.Then.Span), Else = otherwise };
                }
            case BoundWhile s:
                {
                    var body = Simplify(s.Body, owner, focal);
                    if (body is null && UseOf(u => u.Expression(s.Condition, owner)).SideEffectFree)
                    {
                        return Drop(s);
                    }
                    return s with { Body = body ?? new BoundBlock([], s.Body.Span) };
                }
            case BoundFor s:
                {
                    var body = Simplify(s.Body, owner, focal);
                    var use = UseOf(u =>
                    {
                        u.Expression(s.Init, owner);
                        u.Expression(s.Condition, owner);
                        u.Expression(s.Increment, owner);
                    });
                    if (body is null && use.SideEffectFree)
                    {
                        return Drop(s);
                    }
                    return s with { Body = body ?? new BoundBlock([], s.Body.Span) };
                }
            case BoundForeach s:
                {
                    var body = Simplify(s.Body, owner, focal);
                    return body is null ? Drop(s) : s with { Body = body };
                }
            case BoundTry s:
                {
                    var tried = Simplify(s.Try, owner, focal);
                    if (tried is null)
                    {
                        return Drop(s);
                    }
                    var caught = Simplify(s.Catch, owner, focal);
                    return s with { Try = AsBlock(tried, s.Try), Catch = AsBlock(caught, s.Catch) };
                }
            default:
                return statement;
        }
    }

    private BoundStatement? Drop(BoundStatement statement)
    {
        _statements.Add(statement.Span);
        return null;
    }

    private VariableUse UseOf(Action<VariableUse> visit)
    {
        var use = new VariableUse(Callee);
        visit(use);
        return use;
    }

    private void Warn(string message, SourceSpan span, string token)
    {
        if (_warn)
        {
            Warnings.Add(new Diagnostic(Severity.Warning, "sema.optimizer", "WARNING", message, span, token));
        }
    }
}
