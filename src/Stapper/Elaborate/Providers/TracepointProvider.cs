using System.Collections.Immutable;
using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// <c>kernel.trace("NAME")</c> and <c>kernel.trace("SYSTEM:NAME")</c>, wildcards in either part, matched
/// against the tracepoints the build tree's trace headers declare. Each site is named as stap prints it,
/// <c>kernel.trace("SYSTEM:NAME")</c>. Tracepoints only a module has are out of reach.
/// </summary>
internal sealed class TracepointProvider : IProbeProvider
{
    public IReadOnlyList<string> Functors { get; } = ["kernel"];

    public IReadOnlyList<string> ProbeTypes { get; } = ["kernel.trace(string)"];

    /// <summary>Static markers, which tracepoints replaced in Linux 2.6.32: stap 4.8 keeps the form and finds none.</summary>
    public IReadOnlyList<string> RefusedTypes { get; } = ["kernel.mark(string)", "kernel.mark(string).format(string)"];

    public IReadOnlyList<Type> Sites { get; } = [typeof(TracepointSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c is [{ Functor: "kernel", Argument: null }, { Functor: "mark", Argument: not null }] or [{ Functor: "kernel", Argument: null }, { Functor: "mark", Argument: not null }, { Functor: "format", Argument: not null }])
        {
            NoMatch.Report(point, context);
            return true;
        }
        if (c.Length != 2 || !c[0].Is("kernel") || c[0].Argument is not null || !c[1].Is("trace") || c[1].Text() is not { } pattern)
        {
            return false;
        }
        var colon = pattern.IndexOf(':');
        var systemPattern = colon < 0 ? "*" : pattern[..colon];
        var namePattern = colon < 0 ? pattern : pattern[(colon + 1)..];
        var known = context.Kernel?.Tracepoints ?? [];
        var matches = known
            .Where(t => Glob.Match(systemPattern, t.System) && Glob.Match(namePattern, t.Name))
            .ToList();
        if (known.Count == 0 && !Glob.HasWildcards(pattern) && colon < 0)
        {
            // Without the kernel's headers a plain name goes unchecked, as kernel.function's does without its symbols.
            matches = [new KernelTracepoint("", pattern, 0, true)];
        }
        var wildcard = Glob.HasWildcards(pattern);
        if (!wildcard && matches.Count > 0 && matches.All(t => !t.InVmlinux))
        {
            if (!point.Optional)
            {
                context.Diagnostics.Error("sema.module-tracepoint", "semantic error",
                    "tracepoint '" + matches[0].System + ":" + matches[0].Name + "' is in a module: module tracepoints are not supported",
                    point.Span, "identifier '" + c[0].Functor + "'");
            }
            return true;
        }
        var found = matches.Where(t => t.InVmlinux)
            .DistinctBy(t => (t.System, t.Name))
            .OrderBy(t => t.System, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        if (found.Count == 0)
        {
            NoMatch.Report(point, context, pattern, known.Select(t => t.Name), "tracepoint");
            return true;
        }
        var builder = ImmutableArray.CreateBuilder<ProbeSite>(found.Count);
        foreach (var t in found)
        {
            var text = t.System.Length > 0 ? t.System + ":" + t.Name : t.Name;
            var parts = c.ToArray();
            parts[1] = parts[1] with { Argument = new StringLiteral(text, parts[1].Span) };
            builder.Add(new TracepointSite(t.System, t.Name, t.Arity, ProbePointText.Format(parts), point.Optional, point.Span));
        }
        sites = builder.MoveToImmutable();
        return true;
    }
}
