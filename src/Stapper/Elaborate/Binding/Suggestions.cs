namespace Stapper.Elaborate.Binding;

/// <summary>"(similar: a, b)" hints for unknown names: the closest by stap's weighted edit distance.</summary>
internal static class Suggestions
{
    /// <summary>The closest <paramref name="count"/> by edit distance, however far (stap's never-assigned hints).</summary>
    public static string Closest(string name, IEnumerable<string> candidates, int count = 5) =>
        string.Join(", ", candidates.Distinct(StringComparer.Ordinal)
            .Where(c => c.Length > 0)
            .Select(c => (Name: c, Distance: Distance(name, c)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name));

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                // stap's weights: insertions, deletions and substitutions cost 2, a change of case 1.
                var cost = a[i - 1] == b[j - 1] ? 0 : char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 1 : 2;
                current[j] = Math.Min(Math.Min(current[j - 1] + 2, previous[j] + 2), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
