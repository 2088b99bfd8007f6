namespace Stapper.Elaborate.TargetVariables;

/// <summary>stap's "alternatives" lists: candidates by edit distance, ties alphabetical, no threshold.</summary>
internal static class Alternatives
{
    public static string Closest(string name, IEnumerable<string> candidates, int max = int.MaxValue) =>
        string.Join(", ", candidates
            .Where(c => c.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(c => Distance(name, c))
            .ThenBy(c => c, StringComparer.Ordinal)
            .Take(max));

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
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
