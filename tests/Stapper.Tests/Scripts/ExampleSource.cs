namespace Stapper.Tests.Scripts;

/// <summary>
/// A NAME.example case refers to one of SystemTap's testsuite/systemtap.examples scripts, which the repository may not
/// copy: the file is copied beside the case as NAME.stp (git-ignored) when the suite runs, from STAPPER_SYSTEMTAP_SRC,
/// else out/systemtap-src (make test-deps fetches it).
/// </summary>
public static class ExampleSource
{
    public const string ExamplesFolder = "testsuite/systemtap.examples";

    /// <summary>The SystemTap source tree with its examples, or null when there is none.</summary>
    public static string? Root()
    {
        var named = Environment.GetEnvironmentVariable("STAPPER_SYSTEMTAP_SRC");
        var root = string.IsNullOrWhiteSpace(named) ? Path.Combine(ScriptCase.RepositoryRoot, "out", "systemtap-src") : named;
        return System.IO.Directory.Exists(Path.Combine(root, ExamplesFolder)) ? root : null;
    }

    /// <summary>Copies <paramref name="example"/> from the source tree <paramref name="root"/> (null: none) to
    /// <paramref name="script"/> when its text differs; returns why it cannot (no SystemTap source, no such example, a
    /// path leaving the examples), else null.</summary>
    public static string? Materialise(string example, string script, string? root)
    {
        if (root is null)
        {
            return "no SystemTap source: set STAPPER_SYSTEMTAP_SRC or run `make test-deps` (out/systemtap-src)";
        }
        var examples = Path.GetFullPath(Path.Combine(root, ExamplesFolder));
        var from = Path.GetFullPath(Path.Combine(examples, example));
        if (!from.StartsWith(examples + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !from.EndsWith(".stp", StringComparison.Ordinal))
        {
            return $"{example}: not a .stp under {ExamplesFolder}/";
        }
        if (!File.Exists(from))
        {
            return $"{example}: no such example in {examples}";
        }
        var text = File.ReadAllText(from);
        if (!File.Exists(script) || File.ReadAllText(script) != text)
        {
            File.WriteAllText(script, text);
        }
        return null;
    }
}
