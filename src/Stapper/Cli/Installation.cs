namespace Stapper.Cli;

/// <summary>Where stapper's own files are: tapsets, the C runtime and templates, copied beside the binary at build time.</summary>
public static class Installation
{
    public static string Root => AppContext.BaseDirectory;
    /// <summary>As stap: $SYSTEMTAP_TAPSET replaces the default tapset directory.</summary>
    public static string TapsetDirectory => Environment.GetEnvironmentVariable("SYSTEMTAP_TAPSET") is { Length: > 0 } dir ? dir : Path.Combine(Root, "tapsets");
    public static string RuntimeDirectory => Path.Combine(Root, "runtime");
    public static string TemplateDirectory => Path.Combine(Root, "templates");
    public static string Version => "0.1";

    public static string CacheDirectory => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "stapper");

    /// <summary>The library files of pass 1: every .stp/.stpm under the tapset dirs (-I dirs after the default), sorted per dir.</summary>
    public static IEnumerable<string> TapsetFiles(IEnumerable<string> extraDirectories)
    {
        foreach (var directory in extraDirectories.Prepend(TapsetDirectory))
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".stp", StringComparison.Ordinal) || f.EndsWith(".stpm", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                yield return file;
            }
        }
    }
}
