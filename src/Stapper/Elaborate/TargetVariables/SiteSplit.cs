using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>
/// A wildcard probe over target-variable sites (kernel.function("vfs_*")) whose body names target variables
/// becomes one probe per site, as in stap: each function has its own parameters. Without target variables
/// the sites share one body.
/// </summary>
internal static class SiteSplit
{
    public static IEnumerable<ResolvedProbe> Probes(ImmutableArray<ProbeSite> sites, Block body, SourceSpan span)
    {
        if (sites.Length > 1 && sites.Any(s => s is ITargetVariableSite) && body.Statements.Any(s => MayNameTargets(s.Span)))
        {
            return sites.Select(s => new ResolvedProbe([s], body, span));
        }
        return [new ResolvedProbe(sites, body, span)];
    }

    private static bool MayNameTargets(SourceSpan span)
    {
        var text = span.File.Text;
        var start = Math.Clamp(span.Start, 0, text.Length);
        var end = Math.Clamp(span.End, start, text.Length);
        return text.AsSpan(start, end - start).IndexOfAny('$', '@') >= 0;
    }
}
