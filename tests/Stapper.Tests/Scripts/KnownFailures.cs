namespace Stapper.Tests.Scripts;

/// <summary>tests/scripts/known-failures.txt: "CATEGORY/NAME.stp  reason" per line, # comments.</summary>
public static class KnownFailures
{
    private static readonly Lazy<Dictionary<string, string>> Entries = new(Load);

    public static string? Reason(string name) => Entries.Value.GetValueOrDefault(name);

    private static Dictionary<string, string> Load()
    {
        var file = Path.Combine(ScriptCase.RepositoryRoot, "tests", "scripts", "known-failures.txt");
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(file))
        {
            return entries;
        }
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var space = line.IndexOfAny([' ', '\t']);
            entries[space < 0 ? line : line[..space]] = space < 0 ? "" : line[space..].Trim();
        }
        return entries;
    }
}
