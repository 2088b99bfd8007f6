using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Stapper.Diagnostics;
using Stapper.Parse;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Parse;

/// <summary>
/// The -p1 property: printing a script, reparsing the text and printing again gives the same text.
/// Over the repository's scripts always, and over SystemTap's parseok/ and examples/ when
/// STAPPER_SYSTEMTAP_SRC names a SystemTap source tree.
/// </summary>
public partial class RoundTripTests
{
    private static readonly string? SystemtapSource = Environment.GetEnvironmentVariable("STAPPER_SYSTEMTAP_SRC");

    private static ImmutableArray<SourceFile> Macros { get; } =
        [.. Directory.GetFiles(Path.Combine(Harness.RepoRoot, "tapsets"), "*.stpm")
            .Order(StringComparer.Ordinal).Select(f => new SourceFile(f, File.ReadAllText(f)))];

    [Fact]
    public void RepositoryScriptsRoundTrip()
    {
        var files = Directory.GetFiles(Path.Combine(Harness.RepoRoot, "tests", "scripts"), "*.stp", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Harness.RepoRoot, "examples"), "*.stp"));
        var unparsed = Check(files, out var failures, out var clean);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(clean > 150, $"only {clean} scripts parsed; not: {string.Join(", ", unparsed)}");
    }

    [SystemtapSourceFact]
    public void SystemtapScriptsRoundTrip()
    {
        var testsuite = Path.Combine(SystemtapSource!, "testsuite");
        var files = Directory.GetFiles(Path.Combine(testsuite, "parseok"), "*.stp")
            .Concat(Directory.GetFiles(Path.Combine(testsuite, "systemtap.examples"), "*.stp", SearchOption.AllDirectories));
        var unparsed = Check(files, out var failures, out var clean);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(clean > 230, $"only {clean} scripts parsed; not: {string.Join(", ", unparsed)}");
    }

    /// <summary>Round-trips every file that parses; returns the names of those that did not.</summary>
    private static List<string> Check(IEnumerable<string> files, out List<string> failures, out int clean)
    {
        failures = [];
        clean = 0;
        var unparsed = new List<string>();
        foreach (var path in files.Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(path);
            var arguments = MetaArguments(path) ?? [.. Enumerable.Repeat("1", ArgumentCount(text))];
            var context = ParseHelper.Context(arguments) with { GuruMode = true };
            var first = new ParsePass().Run(new ParseInput(new SourceFile(path, text), Macros, context));
            if (first.Script is null)
            {
                // A script that needs other options, a shell test or a deliberate error case.
                unparsed.Add(Path.GetFileName(path));
                continue;
            }
            clean++;
            var printed = SyntaxPrinter.Print(first.Script);
            var second = new ParsePass().Run(new ParseInput(new SourceFile(path, printed), [], context));
            if (second.Script is null)
            {
                failures.Add($"{path}: the printed text does not parse:\n"
                    + string.Join("\n", second.Diagnostics.Select(ParseHelper.Format)) + "\n" + printed);
                continue;
            }
            var reprinted = SyntaxPrinter.Print(second.Script);
            if (reprinted != printed)
            {
                failures.Add($"{path}: printing again differs:\n{FirstDifference(printed, reprinted)}");
            }
        }
        return unparsed;
    }

    /// <summary>
    /// An example's arguments from the "test_check:" line of the .meta naming it (its $1 is often a
    /// probe point), or null when there is none.
    /// </summary>
    private static string[]? MetaArguments(string path)
    {
        var name = Path.GetFileName(path);
        var dir = Path.GetDirectoryName(path)!;
        foreach (var meta in Directory.GetFiles(dir, "*.meta"))
        {
            var lines = File.ReadAllLines(meta);
            if (!lines.Contains("name: " + name))
            {
                continue;
            }
            var check = lines.FirstOrDefault(l => l.StartsWith("test_check: stap ", StringComparison.Ordinal));
            var words = check is null ? [] : ShellWords(check);
            var at = Array.IndexOf(words, name);
            return at < 0 ? null : [.. words.Skip(at + 1).TakeWhile(w => !w.StartsWith('-'))];
        }
        return null;
    }

    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in line)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return [.. words];
    }

    private static int ArgumentCount(string text) =>
        ArgumentReference().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();

    private static string FirstDifference(string a, string b)
    {
        var al = a.Split('\n');
        var bl = b.Split('\n');
        for (var i = 0; i < Math.Max(al.Length, bl.Length); i++)
        {
            var x = i < al.Length ? al[i] : "<end>";
            var y = i < bl.Length ? bl[i] : "<end>";
            if (x != y)
            {
                return $"line {i + 1}:\n  first:  {x}\n  second: {y}";
            }
        }
        return "";
    }

    [GeneratedRegex(@"[$@]([1-9][0-9]?)\b")]
    private static partial Regex ArgumentReference();

    /// <summary>Skipped, saying why, when STAPPER_SYSTEMTAP_SRC is not a SystemTap source tree.</summary>
    private sealed class SystemtapSourceFactAttribute : FactAttribute
    {
        public SystemtapSourceFactAttribute()
        {
            if (SystemtapSource is null || !Directory.Exists(Path.Combine(SystemtapSource, "testsuite", "parseok")))
            {
                Skip = "set STAPPER_SYSTEMTAP_SRC to a SystemTap source tree (e.g. /work/ref/systemtap) to round-trip its parseok/ and examples/";
            }
        }
    }
}
