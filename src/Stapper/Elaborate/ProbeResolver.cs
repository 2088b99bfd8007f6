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
        _entries = new EntryCapture(symbols);
    }

    public List<ResolvedProbe> Resolve(ProbeDeclaration probe)
    {
        var result = new List<ResolvedProbe>();
        foreach (var point in probe.Points)
        {
            Expand(point, probe.Body, probe.Span, result, 0);
        }
        return result;
    }

    private void Expand(ProbePoint point, Block body, SourceSpan span, List<ResolvedProbe> result, int depth)
    {
        if (point.Condition is { } condition)
        {
            body = ProbeCondition.Guard(condition, body, _symbols, _context.Diagnostics);
            point = point with { Condition = null };
        }
        var aliases = MatchingAliases(point).ToList();
        if (aliases.Count > 0 && depth < MaxAliasDepth)
        {
            foreach (var (alias, file) in aliases)
            {
                if (file.IsTapset)
                {
                    _symbols.Pull(file);
                }
                var statements = alias.IsEpilogue
                    ? body.Statements.Add(alias.Body)
                    : body.Statements.Insert(0, alias.Body);
                var merged = new Block(statements, body.Span);
                foreach (var target in alias.Targets)
                {
                    var optional = target with { Optional = target.Optional || point.Optional };
                    Expand(optional, merged, span, result, depth + 1);
                }
            }
            return;
        }
        foreach (var provider in _providers)
        {
            if (provider.TryResolve(point, _context, out var sites))
            {
                if (!sites.IsEmpty)
                {
                    var functor = point.Components[0].Functor;
                    result.AddRange(TargetVariables.SiteSplit.Probes(sites, body, span).SelectMany(_entries.Expand).Select(p => p with { Functor = functor }));
                }
                return;
            }
        }
        if (point.Optional)
        {
            return;
        }
        // stap: "while resolving probe point", chained to the mismatch with the closest known families.
        var first = point.Components[0];
        var token = "identifier '" + first.Functor + "'";
        var known = _providers.SelectMany(p => p.Functors)
            .Concat(_aliases.SelectMany(a => a.Declaration.Names).Select(n => n.Components[0].Functor));
        var similar = Suggestions.Closest(first.Functor, known);
        var mismatch = new Diagnostic(Severity.Error, "sema.probe-point", "semantic error",
            "probe point mismatch" + (similar.Length > 0 ? $" (similar: {similar})" : ""), first.Span, token);
        _context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.probe-point", "semantic error", "while resolving probe point", first.Span, token, null, mismatch));
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
}
