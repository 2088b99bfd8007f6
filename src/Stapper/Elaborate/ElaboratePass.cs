using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Elaborate.Optimize;
using Stapper.Elaborate.Providers;
using Stapper.Elaborate.TargetVariables;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// Pass 2: resolves probe points (aliases, providers), symbols (the script's, then tapsets'), infers
/// types by binding the program until nothing changes, adds auto-printing, and keeps only what probes reach.
/// </summary>
public sealed class ElaboratePass
{
    private const int MaxRounds = 64;

    public ElaborationResult Run(ParseResult parse, ElaborateOptions options)
    {
        if (parse.Script is null)
        {
            return new ElaborationResult(null, []);
        }
        // As stap: resolve, then optimize (with its warnings), then infer types on what survived.
        // @defined results carry over between the bindings below (see the binder's DefinedExpression).
        var defined = new HashSet<(string?, SourceSpan, SourceSpan)>();
        var unoptimized = Attempt(parse, options, Elisions.None, display: false, defined);
        if (unoptimized.Diagnostics.ToImmutable().Any(d => d.IsError && !ErrorStage.IsPastOptimizer(d.Code)))
        {
            // stap stops at its symbol pass: what it finds later is not reported.
            var resolution = new DiagnosticBag();
            resolution.AddRange(unoptimized.Diagnostics.ToImmutable().Where(d => !d.IsError || !ErrorStage.IsPastOptimizer(d.Code)));
            return Finish(unoptimized with { Diagnostics = resolution }, parse, options, []);
        }
        var elider = Elider(unoptimized, parse.Script.File, options);
        var elisions = elider.Run();
        if (elider.BeforeFolding is { } before && FoldedAwayMismatches(parse, options, before, unoptimized) is { IsEmpty: false } mismatches)
        {
            return new ElaborationResult(null, [.. elider.Warnings.Take(elider.FirstRoundWarnings), .. mismatches]);
        }
        // When the optimizer changed nothing, binding again would give the same program: only the display probes are new.
        var optimized = elider.RemovedNothing ? unoptimized.Displayed(!options.SuppressAutoPrint)
            : Attempt(parse, options, elisions, display: !options.SuppressAutoPrint, defined);
        return Finish(optimized, parse, options, elider.Warnings);
    }

    /// <summary>
    /// stap checks types before each constant folding: a mismatch in code it then folds away is still an error.
    /// When the first round removed nothing before folding, that code is the unoptimized program, already bound.
    /// </summary>
    private static ImmutableArray<Diagnostic> FoldedAwayMismatches(ParseResult parse, ElaborateOptions options, Elisions beforeFolding, Elaboration unoptimized)
    {
        var same = beforeFolding.Assignments.IsEmpty && beforeFolding.Statements.IsEmpty && beforeFolding.Probes.IsEmpty;
        var bound = same ? unoptimized : Attempt(parse, options, beforeFolding, display: false, []);
        return [.. bound.Diagnostics.ToImmutable().Where(d => d.Code == "sema.type-mismatch")];
    }

    /// <summary>One attempt's result; the first <paramref name="Resolving"/> diagnostics are the probe points' (pass 2's
    /// first step in stap, before its optimizer's warnings).</summary>
    private sealed record Elaboration(DiagnosticBag Diagnostics, Round Last, Dictionary<ResolvedProbe, LocalScope> Scopes, ProgramSymbols Symbols, List<ResolvedProbe> Probes,
        Dictionary<ResolvedProbe, ProbeKey> Keys, int Resolving)
    {
        /// <summary>This attempt carried on from where it settled, with the display probes when asked (or when it had them).</summary>
        public required Func<bool, Elaboration> Displayed { get; init; }
    }

    private static ElaborationResult Finish(Elaboration e, ParseResult parse, ElaborateOptions options, List<Diagnostic> warnings)
    {
        var diagnostics = new DiagnosticBag();
        var found = e.Diagnostics.ToImmutable();
        diagnostics.AddRange(found.Take(e.Resolving));
        diagnostics.AddRange(warnings);
        diagnostics.AddRange(found.Skip(e.Resolving));
        if (!diagnostics.HasErrors)
        {
            RegexCheck.Report(e.Last.Probes.Select(p => p.Body), e.Last.Calls, diagnostics);
            ForeachMutationCheck.Report(e.Last.Probes.Select(p => p.Body)
                .Concat(e.Last.Calls.ReachableFrom(e.Last.Probes.Select(p => p.Body)).Select(f => f.Body).OfType<BoundBlock>()), e.Last.Calls, diagnostics);
        }
        if (e.Probes.Count == 0 && !diagnostics.HasErrors)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, "sema.no-probes", "semantic error", "no probes found", null));
        }
        if (diagnostics.HasErrors)
        {
            return new ElaborationResult(null, diagnostics.ToImmutable());
        }
        var program = Assemble(e.Last, e.Scopes, e.Symbols, parse, options);
        LoadSettings.Check(program, options.SetAtLoad, diagnostics);
        return diagnostics.HasErrors ? new ElaborationResult(null, diagnostics.ToImmutable()) : new ElaborationResult(program, diagnostics.ToImmutable());
    }

    private static DeadCodeElider Elider(Elaboration e, SourceFile userFile, ElaborateOptions options)
    {
        var functions = new Dictionary<FunctionKey, OptimizedFunction>();
        foreach (var (symbol, body) in e.Last.Functions)
        {
            var declaration = symbol.Declaration;
            functions.TryAdd(Key(symbol), new OptimizedFunction(
                symbol.Name,
                declaration.Parameters.Length,
                [.. declaration.Parameters.Select(p => p.Name)],
                [.. symbol.Scope.Locals.Select(Binder.Local)],
                body,
                declaration.EmbeddedBody is { } c ? new EmbeddedFunctionBody(c.Code, c.Pragmas) : null,
                ReferenceEquals(declaration.Span.File, userFile),
                declaration.NameSpan)
            { TestedByDefined = symbol.Scope.TestedByDefined });
        }
        var probes = e.Last.Probes.Select(p => new OptimizedProbe(
            e.Keys[p.Source], p.Source.Functor, [.. e.Scopes[p.Source].Locals.Select(Binder.Local)], p.Body)
        {
            TakesEntryValues = BoundWalker.Nodes(p.Body).OfType<BoundTargetValue>().Any(t => t.NeedsSavedArguments),
            TestedByDefined = e.Scopes[p.Source].TestedByDefined,
            DefinesCounter = p.Source.Sites.Any(s => s is PerfSite { Counter: not null }),
        }).ToList();
        var globals = e.Symbols.Globals.Values.Select(g => new OptimizedGlobal(
            g.Name, g.Declaration.Initializer is not null || options.SetAtLoad.ContainsKey(g.Name), !g.FromTapset, g.Declaration.Span)).ToList();
        return new DeadCodeElider(probes, functions, globals, span => ReferenceEquals(span.File, userFile)) { Unoptimized = options.Unoptimized, KeepEmptyProbes = options.Timing };
    }

    private static Elaboration Attempt(ParseResult parse, ElaborateOptions options, Elisions elisions, bool display, HashSet<(string?, SourceSpan, SourceSpan)> defined)
    {
        var diagnostics = new DiagnosticBag();
        var library = new TapsetLibrary(parse.Tapsets);
        var symbols = new ProgramSymbols(parse.Script!, library) { DefinedTrue = defined };
        var userAliases = parse.Script!.Declarations.OfType<AliasDeclaration>().Select(a => (a, parse.Script));
        var resolver = new ProbeResolver(userAliases.Concat(library.Aliases), symbols, new ProviderContext(options.Kernel, diagnostics)
        {
            MaxProbes = options.MaxProbes,
            GuruMode = options.GuruMode,
            TargetCommand = options.TargetCommand,
            TargetProgram = options.TargetProgram,
            TargetPid = options.TargetPid,
            PidRefusal = options.PidRefusal,
            KernelConfig = options.KernelConfig,
        });
        var types = new Lazy<IKernelTypes?>(() => options.Kernel.Value as IKernelTypes);

        var probes = new List<ResolvedProbe>();
        var keys = new Dictionary<ResolvedProbe, ProbeKey>(ReferenceEqualityComparer.Instance);
        var perStatement = new Dictionary<SourceSpan, int>();
        IEnumerable<ResolvedProbe> Keyed(IEnumerable<ResolvedProbe> resolved)
        {
            foreach (var p in resolved)
            {
                var n = perStatement.GetValueOrDefault(p.Span);
                perStatement[p.Span] = n + 1;
                keys[p] = new ProbeKey(p.Span, n);
                yield return p;
            }
        }
        void Add(IEnumerable<ResolvedProbe> resolved) => probes.AddRange(Keyed(resolved).Where(p => !elisions.Probes.Contains(keys[p])));
        foreach (var probe in parse.Script.Declarations.OfType<ProbeDeclaration>())
        {
            Add(resolver.Resolve(probe));
        }
        var pulledProbes = 0;
        void ResolvePulledProbes()
        {
            for (; pulledProbes < symbols.PulledFiles.Count; pulledProbes++)
            {
                foreach (var probe in symbols.PulledFiles[pulledProbes].Declarations.OfType<ProbeDeclaration>())
                {
                    Add(resolver.Resolve(probe));
                }
            }
        }
        ResolvePulledProbes();

        var scopes = new Dictionary<ResolvedProbe, LocalScope>(ReferenceEqualityComparer.Instance);
        Elaboration Settle(bool display, Round? settled)
        {
            var autoPrinted = !display;
            Round? last = null;
            for (var round = 0; round < MaxRounds; round++)
            {
                var current = settled ?? BindAll(probes, scopes, symbols, elisions, types, options);
                settled = null;
                ResolvePulledProbes();
                if (current.Changed || pulledProbes < symbols.PulledFiles.Count || current.Probes.Count < probes.Count)
                {
                    continue;
                }
                if (!autoPrinted)
                {
                    autoPrinted = true;
                    var shown = AutoPrint.Probes(symbols);
                    if (shown.Count > 0)
                    {
                        var added = shown.SelectMany(probe => Keyed(resolver.Resolve(probe))).ToList();
                        probes.AddRange(added);
                        if (!BoundAlongside(current, added, scopes, symbols, elisions, types, options))
                        {
                            continue;
                        }
                    }
                }
                last = current;
                break;
            }
            last = WithCalls(last ?? BindAll(probes, scopes, symbols, elisions, types, options));
            var found = new DiagnosticBag();
            found.AddRange(diagnostics.ToImmutable());
            var resolving = found.Count;
            found.AddRange(last.Diagnostics.ToImmutable());
            ReportUnresolved(last, scopes, symbols, found);
            var settledRound = last;
            return new Elaboration(found, last, scopes, symbols, probes, keys, resolving)
            {
                Displayed = shown => Settle(shown || display, settledRound),
            };
        }
        return Settle(display, null);
    }

    /// <summary>One binding of the whole program: probes, then every function they reach and the script's own.</summary>
    private sealed class Round
    {
        public required DiagnosticBag Diagnostics { get; init; }
        public List<(ResolvedProbe Source, BoundBlock Body)> Probes { get; } = new();
        public Dictionary<FunctionSymbol, BoundBlock?> Functions { get; } = new(ReferenceEqualityComparer.Instance);
        public HashSet<FunctionSymbol> Reached { get; } = new(ReferenceEqualityComparer.Instance);
        public CallGraph Calls { get; set; } = new([]);
        public bool Changed { get; set; }
    }

    private static Round BindAll(List<ResolvedProbe> probes, Dictionary<ResolvedProbe, LocalScope> scopes, ProgramSymbols symbols, Elisions elisions, Lazy<IKernelTypes?> types, ElaborateOptions options)
    {
        var round = new Round { Diagnostics = new DiagnosticBag() };
        var binder = NewBinder(symbols, round.Diagnostics, elisions, types, options);
        foreach (var probe in probes.ToList())
        {
            if (!scopes.TryGetValue(probe, out var scope))
            {
                scopes[probe] = scope = new LocalScope([]);
            }
            binder.DefinePerfCounters(probe.Sites);
            round.Probes.Add((probe, binder.BindProbe(probe.Body, scope, TargetContext.For(probe.Sites, types), Binder.FoldsOnExpansion(probe.Sites), probe.Sites)));
        }
        var own = symbols.Functions.Values.SelectMany(l => l).Where(f => !f.FromTapset);
        var pending = new Queue<FunctionSymbol>(binder.Called.Concat(own));
        while (pending.TryDequeue(out var function))
        {
            if (round.Functions.ContainsKey(function))
            {
                continue;
            }
            round.Functions[function] = function.Declaration.Body is null ? null : binder.BindFunction(function);
            foreach (var callee in binder.Called)
            {
                if (!round.Functions.ContainsKey(callee))
                {
                    pending.Enqueue(callee);
                }
            }
        }
        round.Changed = binder.Changed;
        return round;
    }

    /// <summary>
    /// The display probes bound on their own beside a round that changed nothing: they only read globals whose types are
    /// known, so when they infer nothing, call nothing and report nothing, binding the whole program again would give
    /// the same round with them added.
    /// </summary>
    private static bool BoundAlongside(Round round, List<ResolvedProbe> added, Dictionary<ResolvedProbe, LocalScope> scopes, ProgramSymbols symbols,
        Elisions elisions, Lazy<IKernelTypes?> types, ElaborateOptions options)
    {
        if (round.Diagnostics.Count > 0)
        {
            return false;
        }
        var diagnostics = new DiagnosticBag();
        var bound = new List<(ResolvedProbe, BoundBlock)>();
        var pulled = symbols.PulledFiles.Count;
        var binder = NewBinder(symbols, diagnostics, elisions, types, options);
        foreach (var probe in added)
        {
            var scope = scopes[probe] = new LocalScope([]);
            bound.Add((probe, binder.BindProbe(probe.Body, scope, TargetContext.For(probe.Sites, types), Binder.FoldsOnExpansion(probe.Sites), probe.Sites)));
        }
        if (binder.Changed || binder.Called.Count > 0 || diagnostics.Count > 0 || symbols.PulledFiles.Count != pulled)
        {
            foreach (var probe in added)
            {
                scopes.Remove(probe);
            }
            return false;
        }
        round.Probes.AddRange(bound);
        return true;
    }

    private static Binder NewBinder(ProgramSymbols symbols, DiagnosticBag diagnostics, Elisions elisions, Lazy<IKernelTypes?> types, ElaborateOptions options) =>
        new(symbols, diagnostics, Signature, elisions)
        {
            KernelTypes = types,
            GuruMode = options.GuruMode,
            SkipBadVars = options.SkipBadVars,
        };

    /// <summary>Functions reached from probes, transitively: the rest is pruned. Only the last round needs them.</summary>
    private static Round WithCalls(Round round)
    {
        round.Calls = new CallGraph(round.Functions.Select(f => WithBody(f.Key, f.Value)));
        var symbolOf = round.Functions.Keys.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        foreach (var function in round.Calls.ReachableFrom(round.Probes.Select(p => p.Body)))
        {
            round.Reached.Add(symbolOf[FunctionKey.Of(function)]);
        }
        return round;
    }

    private static FunctionKey Key(FunctionSymbol f) => new(f.Name, f.Declaration.Parameters.Length);

    /// <summary>A bound function as the program keeps it: its signature with its body and locals.</summary>
    private static ScriptFunction WithBody(FunctionSymbol f, BoundBlock? body) => Signature(f) with
    {
        Body = body,
        Locals = [.. f.Scope.Locals.Select(Binder.Local)],
    };

    private static ScriptFunction Signature(FunctionSymbol f) => new(
        f.Name,
        f.ReturnsValue ? f.Return.Type : StapType.Void,
        [.. f.Scope.Parameters.Select(Binder.Local)],
        [],
        null,
        f.Declaration.EmbeddedBody is { } e ? new EmbeddedFunctionBody(e.Code, e.Pragmas) : null,
        f.FromTapset,
        f.Declaration.Span)
    {
        NameSpan = f.Declaration.NameSpan,
    };

    private static void ReportUnresolved(Round round, Dictionary<ResolvedProbe, LocalScope> scopes, ProgramSymbols symbols, DiagnosticBag diagnostics)
    {
        if (round.Diagnostics.HasErrors)
        {
            return;
        }
        // As stap: a function no probe reaches is never typed, so what it leaves untyped is no error (even with -u).
        var functions = round.Functions
            .Where(f => round.Reached.Contains(f.Key))
            .OrderBy(f => f.Key.Name, StringComparer.Ordinal)
            .Select(f => (f.Value, f.Key.Scope.Locals.Select(Binder.Local)));
        var probes = round.Probes.Select(p => (p.Body, scopes[p.Source].Locals.Select(Binder.Local)));
        var globals = symbols.Globals.Values
            .Where(g => (g.Read || g.Written) && g.Value.Type == StapType.Unknown)
            .Select(g => (g.Name, g.Declaration.Span));
        if (UnresolvedTypes.Report(functions, probes, globals) is { } unresolved)
        {
            diagnostics.Add(unresolved);
        }
    }

    private static ElaboratedProgram Assemble(Round round, Dictionary<ResolvedProbe, LocalScope> scopes, ProgramSymbols symbols, ParseResult parse, ElaborateOptions options)
    {
        var reached = round.Functions.Keys.Where(round.Reached.Contains).Select(Key).ToHashSet();
        var functions = round.Calls.Functions.Where(f => reached.Contains(FunctionKey.Of(f))).ToImmutableArray();

        var probes = ImmutableArray.CreateBuilder<Probe>();
        var index = 0;
        foreach (var (source, body) in round.Probes)
        {
            ImmutableArray<LocalVariable> locals = [.. scopes[source].Locals.Select(Binder.Local)];
            probes.Add(new Probe(index++, source.Sites, body, locals, source.Span));
        }

        var usedGlobals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, body) in round.Probes)
        {
            usedGlobals.UnionWith(BoundWalker.Globals(body));
        }
        foreach (var f in functions)
        {
            if (f.Body is not null)
            {
                usedGlobals.UnionWith(BoundWalker.Globals(f.Body));
            }
            if (f.Embedded is { } c)
            {
                // its STAP_GLOBAL_GET_/SET_ macros reach the globals its pragmas name
                usedGlobals.UnionWith(PragmaGlobals.Names(c.Code));
            }
        }
        var globals = symbols.Globals.Values
            .Where(g => usedGlobals.Contains(g.Name))
            .Select(g => BoundWalker.GlobalOf(g))
            .ToImmutableArray();

        var embedded = parse.Script!.Declarations.OfType<EmbeddedCode>()
            .Concat(symbols.PulledFiles.SelectMany(f => f.Declarations.OfType<EmbeddedCode>()))
            .Select(e => new EmbeddedBlock(e.Code, e.Span))
            .ToImmutableArray();

        return new ElaboratedProgram(globals, functions, probes.ToImmutable(), embedded, options.ScriptArguments, options.GuruMode);
    }
}
