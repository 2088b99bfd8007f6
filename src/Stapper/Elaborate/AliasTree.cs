using System.Collections.Immutable;
using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>An alias a probe point names, with the components after its name (stap's alias suffix) appended to its
/// targets; <paramref name="UnderWildcard"/> when a wildcard led to it, where stap drops a suffix its targets refuse.</summary>
internal sealed record AliasMatch(AliasDeclaration Declaration, SyntaxTree File, ImmutableArray<ProbePointComponent> Suffix, bool UnderWildcard);

/// <summary>
/// stap's walk of its probe-point tree, over the aliases' names: component by component, a literal descends into
/// the child it names, a wildcard into every child it matches; where a literal names no child, or a wildcard's
/// children give nothing, the aliases ending at that node take the rest of the point as a suffix. So
/// <c>vm.*.return</c> is <c>vm.pagefault.return</c> and <c>vm.brk</c> with <c>.return</c>, and so on.
/// </summary>
internal static class AliasTree
{
    private sealed record Name((AliasDeclaration Declaration, SyntaxTree File) Alias, ImmutableArray<ProbePointComponent> Components);

    public static List<AliasMatch> Matches(IEnumerable<(AliasDeclaration Declaration, SyntaxTree File)> aliases, ProbePoint point)
    {
        var names = aliases.SelectMany(a => a.Declaration.Names.Select(n => new Name(a, n.Components))).ToList();
        var found = new List<AliasMatch>();
        Walk(names, point.Components, 0, false, found);
        // An alias with two names under one wildcard is still one alias, as stap builds it once.
        return [.. found.DistinctBy(m => (m.Declaration, string.Join(".", m.Suffix.Select(c => c.Functor))))];
    }

    private static void Walk(List<Name> node, ImmutableArray<ProbePointComponent> point, int pos, bool underWildcard, List<AliasMatch> found)
    {
        if (pos == point.Length)
        {
            found.AddRange(node.Where(n => n.Components.Length == pos).Select(n => new AliasMatch(n.Alias.Declaration, n.Alias.File, [], underWildcard)));
            return;
        }
        var component = point[pos];
        var children = node.Where(n => n.Components.Length > pos && SameArgument(component, n.Components[pos]))
            .GroupBy(n => n.Components[pos].Functor, StringComparer.Ordinal);
        if (component.Functor.Contains('*'))
        {
            var before = found.Count;
            foreach (var child in children.Where(c => Glob.Match(component.Functor, c.Key, GlobOptions.NoEscape)))
            {
                Walk(child.ToList(), point, pos + 1, true, found);
            }
            if (found.Count == before)
            {
                Suffixed(node, point, pos, true, found);
            }
            return;
        }
        var named = children.FirstOrDefault(c => c.Key == component.Functor);
        if (named is not null)
        {
            Walk(named.ToList(), point, pos + 1, underWildcard, found);
            return;
        }
        Suffixed(node, point, pos, underWildcard, found);
    }

    private static void Suffixed(List<Name> node, ImmutableArray<ProbePointComponent> point, int pos, bool underWildcard, List<AliasMatch> found)
    {
        if (pos > 0)
        {
            found.AddRange(node.Where(n => n.Components.Length == pos)
                .Select(n => new AliasMatch(n.Alias.Declaration, n.Alias.File, point[pos..], underWildcard)));
        }
    }

    private static bool SameArgument(ProbePointComponent point, ProbePointComponent name) => ProbePointGlob.SameValue(point.Argument, name.Argument);
}
