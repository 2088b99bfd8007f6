using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Elaborate.Providers;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>A probe after alias expansion: its sites and the body to bind (prologues and epilogues merged in).</summary>
internal sealed record ResolvedProbe(ImmutableArray<ProbeSite> Sites, Block Body, SourceSpan Span)
{
    /// <summary>The first functor of the probe point as written ("timer"), as stap names an elided probe.</summary>
    public string Functor { get; init; } = "";
}

/// <summary>
/// Resolves probe points: an alias (the script's or a tapset's) expands into its own probe points with
/// its body before (<c>=</c>) or after (<c>+=</c>) the probe's; anything else goes to the providers.
/// </summary>
internal sealed class ProbeResolver
{
    private const int MaxAliasDepth = 32;
    private readonly IReadOnlyList<IProbeProvider> _providers = [.. ProbeFamilies.All.Select(f => f.Provider)];
    private readonly List<(AliasDeclaration Declaration, SyntaxTree File)> _aliases;
    private readonly ProgramSymbols _symbols;
    private readonly ProviderContext _context;
    private readonly EntryCapture _entries;

    public ProbeResolver(IEnumerable<(AliasDeclaration, SyntaxTree)> aliases, ProgramSymbols symbols, ProviderContext context)
    {
        _aliases = aliases.ToList();
        _symbols = symbols;
        _context = context;
        _entries = new EntryCapture(symbols, context.Diagnostics, new Lazy<TargetVariables.IKernelTypes?>(() => context.Kernel as TargetVariables.IKernelTypes));
    }

    public List<ResolvedProbe> Resolve(ProbeDeclaration probe)
    {
        var result = new List<ResolvedProbe>();
        var derivation = new ProbeDerivation("", probe.Span, " from: " + Providers.ProbePointText.Format(probe.Points[0]))
        {
            Bases = [string.Join(",", probe.Points.Select(Providers.ProbePointText.Signature))],
        };
        ExpandList(probe.Points, probe.Body, probe.Span, result, 0, derivation);
        return result;
    }

    /// <summary>
    /// A list of probe points, in order; as stap, a sufficient point (<c>!</c>) that yields a probe ends
    /// the list, so <c>a !, b</c> is b only where a does not resolve.
    /// </summary>
    private void ExpandList(IEnumerable<ProbePoint> points, Block body, SourceSpan span, List<ResolvedProbe> result, int depth, ProbeDerivation derivation)
    {
        foreach (var point in points)
        {
            var before = result.Count;
            Expand(point, body, span, result, depth, derivation);
            if (point.Sufficient && result.Count > before)
            {
                break;
            }
        }
    }

    private void Expand(ProbePoint point, Block body, SourceSpan span, List<ResolvedProbe> result, int depth, ProbeDerivation derivation)
    {
        if (depth == 0)
        {
            derivation = derivation with { Written = Providers.ProbePointText.Format(point) };
        }
        if (point.Condition is { } condition)
        {
            body = ProbeCondition.Guard(condition, body, _symbols, _context.Diagnostics);
            point = point with { Condition = null };
        }
        var aliases = point.Components.Any(c => c.Functor.Contains("**", StringComparison.Ordinal)) ? SpanningAliases(point) : AliasTree.Matches(_aliases, point);
        if (aliases.Count > 0 && depth < MaxAliasDepth)
        {
            var (resolvedBefore, errorsBefore) = (result.Count, _context.Diagnostics.Count);
            foreach (var (alias, file, suffix, underWildcard) in aliases)
            {
                // Under a wildcard, stap drops a suffix the alias's targets do not take (vm.kmalloc with .return).
                var optional = point.Optional || (underWildcard && !suffix.IsEmpty);
                if (file.IsTapset)
                {
                    _symbols.Pull(file);
                }
                var statements = alias.IsEpilogue
                    ? body.Statements.Add(alias.Body)
                    : body.Statements.Insert(0, alias.Body);
                var merged = new Block(statements, body.Span);
                var targets = alias.Targets.Select(t => t with { Optional = t.Optional || optional, Components = t.Components.AddRange(suffix) });
                var through = derivation with
                {
                    Location = point.Span,
                    From = " from: " + Providers.ProbePointText.Format(alias.Names[0]) + derivation.From,
                    Bases = derivation.Bases.Insert(0, Providers.ProbePointText.Signature(alias)),
                };
                var (probes, errors) = (result.Count, _context.Diagnostics.Count);
                ExpandList(targets, merged, span, result, depth + 1, through);
                if (!suffix.IsEmpty && result.Count == probes && _context.Diagnostics.Count > errors && !optional
                    && !_context.Diagnostics.ToImmutable().Skip(errors).Any(d => ProbePointErrors.TookSuffix(d.Chain?.Code)))
                {
                    // As stap: a suffix none of the targets takes is the point's error, not the targets' (unless a target
                    // took it but is a form this translator refuses).
                    _context.Diagnostics.Truncate(errors);
                    WhileResolving(point, ProbePointError("invalid suffix for probe", suffix[0]));
                }
                else if (!suffix.IsEmpty && !optional)
                {
                    // A perf counter's or .process's error through an alias is stap's at the point as written, naming the suffix's first component.
                    var added = _context.Diagnostics.ToImmutable().Skip(errors).ToList();
                    if (added.Any(d => ProbePointErrors.AtSuffix(d.Chain?.Code)))
                    {
                        _context.Diagnostics.Truncate(errors);
                        _context.Diagnostics.AddRange(added.Select(d => ProbePointErrors.AtSuffix(d.Chain?.Code)
                            ? ProbePointError("while resolving probe point", point.Components[0]) with
                            {
                                Chain = d.Chain! with { Span = suffix[0].Span, Token = "identifier '" + suffix[0].Functor + "'" },
                            }
                            : d));
                    }
                }
            }
            if (result.Count == resolvedBefore && _context.Diagnostics.Count == errorsBefore && !point.Optional
                && point.Components.Any(c => c.Functor.Contains('*')))
            {
                WhileResolving(point, ProbePointError("probe point mismatch: didn't find any wildcard matches", point.Components[0]));
            }
            else if (depth == 0 && result.Count == resolvedBefore && _context.Diagnostics.Count == errorsBefore && !point.Optional
                && aliases.All(a => !a.Suffix.IsEmpty))
            {
                // As stap: a suffix after an alias that gave nothing, its optional targets silent, is a mismatch there
                // (a mismatch further in is reported at this suffix too: the point as written is where it went wrong).
                var (unknown, there, _) = FirstUnknown(point);
                WhileResolving(point, Mismatch(unknown, there));
            }
            return;
        }
        _context.Declaration = span;
        _context.Body = body;
        foreach (var provider in _providers)
        {
            if (provider.TryResolve(point, _context, out var sites))
            {
                if (sites.Length > _context.MaxProbes)
                {
                    TooMany(point, sites.Length);
                }
                else if (!sites.IsEmpty)
                {
                    var resolved = derivation with { Extras = point.Sufficient ? "!" : point.Optional ? "?" : "" };
                    sites = [.. sites.Select(s => s with { Derivation = resolved })];
                    var functor = point.Components[0].Functor;
                    result.AddRange(TargetVariables.SiteSplit.Probes(sites, body, span).SelectMany(_entries.Expand)
                        .Select(ProcfsValue.Rewrite).Select(p => p with { Functor = functor }));
                }
                return;
            }
        }
        if (point.Components.Any(c => c.Functor.Contains('*')) && depth < MaxAliasDepth)
        {
            // Wildcards in functors (kerne*.funct*("vfs_read").*, t**ile) reach the families too: each probe type
            // they match, with the point's arguments, where it resolves.
            var before = result.Count;
            foreach (var concrete in MatchingTypes(point))
            {
                Expand(concrete, body, span, result, depth + 1, derivation);
            }
            if (result.Count > before)
            {
                return;
            }
        }
        if (point.Optional)
        {
            return;
        }
        // Chained to the mismatch at the first component no known point has there, with the closest that are (stap's
        // match tree: the families' probe types and the aliases' names); else at the first, with the closest families.
        var (at, known, afterComplete) = FirstUnknown(point);
        if (afterComplete)
        {
            WhileResolving(point, ProbePointError("invalid suffix for probe", at));
            return;
        }
        WhileResolving(point, Mismatch(at, known));
    }

    /// <summary>stap's mismatch at <paramref name="at"/>, with the closest of the functors its match tree has there.</summary>
    private static Diagnostic Mismatch(ProbePointComponent at, IEnumerable<string> known)
    {
        var similar = Suggestions.Closest(at.Functor, known);
        return ProbePointError("probe point mismatch" + (similar.Length > 0 ? $" (similar: {similar})" : ""), at);
    }

    /// <summary>
    /// The first component of <paramref name="point"/> that no family's probe type or alias name has after the components
    /// before it (a functor, with or without an argument, as stap's match tree keys them), with the functors those have
    /// there, or after a complete point (stap's "invalid suffix"); the first component and the families' and aliases'
    /// first functors when every component is known.
    /// </summary>
    private (ProbePointComponent At, IEnumerable<string> Known, bool AfterComplete) FirstUnknown(ProbePoint point)
    {
        static (string, bool) Key(ProbePointComponent c) => (c.Functor, c.Argument is not null);
        var names = _providers.SelectMany(p => p.ProbeTypes.Concat(p.RefusedTypes)).Distinct().Select(t => ProbeType(t, point.Span).Select(Key).ToList())
            .Concat(_aliases.SelectMany(a => a.Declaration.Names).Select(n => n.Components.Select(Key).ToList()))
            .Where(n => !n.Any(k => k.Item1.Contains('*')))
            .ToList();
        var first = (point.Components[0], _providers.SelectMany(p => p.Functors).Concat(names.Select(n => n[0].Item1)), false);
        for (var i = 1; i < point.Components.Length; i++)
        {
            var before = names.Where(n => n.Count >= i && Enumerable.Range(0, i).All(k => n[k] == Key(point.Components[k]))).ToList();
            if (before.Count == 0)
            {
                return first;
            }
            if (!before.Any(n => n.Count > i && n[i] == Key(point.Components[i])))
            {
                return (point.Components[i], before.Where(n => n.Count > i).Select(n => n[i].Item1), before.Any(n => n.Count == i));
            }
        }
        return first;
    }

    /// <summary>stap's "while resolving probe point" at the point's first component, chained to what went wrong.</summary>
    private void WhileResolving(ProbePoint point, Diagnostic cause) =>
        _context.Diagnostics.Add(ProbePointError("while resolving probe point", point.Components[0]) with { Chain = cause });

    // a component spelt as a keyword (function) is a keyword token, as stap names it
    private static Diagnostic ProbePointError(string message, ProbePointComponent at) =>
        new(Severity.Error, "sema.probe-point", "semantic error", message, at.Span, Parse.Lexing.Lexer.IsKeyword(at.Functor) ? "keyword" : "identifier '" + at.Functor + "'");

    /// <summary>The probe-count guard: a wildcard that would register more probes than MAXPROBES is refused, naming the count
    /// (stap registers them all; `kernel.function("*@fs/proc*.c")` would be tens of thousands of kprobes).</summary>
    private void TooMany(ProbePoint point, int count)
    {
        var first = point.Components[0];
        _context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.too-many-probes", "semantic error",
            $"probe point {Providers.ProbePointText.Format(point)} would register {count} probes, more than MAXPROBES ({_context.MaxProbes}); "
            + $"pass -D MAXPROBES={count} to register them all", first.Span, "identifier '" + first.Functor + "'"));
    }

    /// <summary>Aliases whose name the point names, components equal or matched by the point's wildcards.</summary>
    private IEnumerable<(AliasDeclaration, SyntaxTree)> MatchingAliases(ProbePoint point)
    {
        foreach (var entry in _aliases)
        {
            if (entry.Declaration.Names.Any(name => ProbePointGlob.Matches(point, name)))
            {
                yield return entry;
            }
        }
    }

    /// <summary>The families' probe types <paramref name="point"/> matches, spelled out with its arguments, each optional.</summary>
    private IEnumerable<ProbePoint> MatchingTypes(ProbePoint point)
    {
        var arguments = point.Components.Select(c => c.Argument).OfType<Literal>().ToList();
        foreach (var type in _providers.SelectMany(p => p.ProbeTypes).Distinct())
        {
            var components = ProbeType(type, point.Span);
            if (!ProbePointGlob.MatchesType(point, components))
            {
                continue;
            }
            var next = 0;
            var concrete = components.Select(c => c.Argument is null ? c : c with { Argument = arguments[next++] }).ToImmutableArray();
            yield return point with { Components = concrete, Optional = true, Condition = null };
        }
    }

    /// <summary>A probe type as --dump-probe-types prints it (<c>timer.ms(number).randomize(number)</c>) as components whose
    /// arguments stand for their kind.</summary>
    private static ImmutableArray<ProbePointComponent> ProbeType(string type, SourceSpan span)
    {
        var components = ImmutableArray.CreateBuilder<ProbePointComponent>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= type.Length; i++)
        {
            if (i < type.Length && (type[i] != '.' || depth > 0))
            {
                depth += type[i] == '(' ? 1 : type[i] == ')' ? -1 : 0;
                continue;
            }
            var part = type[start..i];
            var open = part.IndexOf('(');
            Literal? kind = open < 0 ? null
                : part[(open + 1)..^1] == "number" ? new NumberLiteral(0, "0", span) : new StringLiteral("", span);
            components.Add(new ProbePointComponent(open < 0 ? part : part[..open], kind, span));
            start = i + 1;
        }
        return components.ToImmutable();
    }

    /// <summary>
    /// The aliases a point with <c>**</c> names: those its components match, or else the longest leading components
    /// that match an alias's name, the rest being the suffix (the tree walk does not span components).
    /// </summary>
    private List<AliasMatch> SpanningAliases(ProbePoint point)
    {
        for (var n = point.Components.Length; n >= 1; n--)
        {
            var head = point with { Components = point.Components[..n] };
            var found = MatchingAliases(head).Select(a => new AliasMatch(a.Item1, a.Item2, point.Components[n..], false)).ToList();
            if (found.Count > 0)
            {
                return found;
            }
        }
        return [];
    }
}
