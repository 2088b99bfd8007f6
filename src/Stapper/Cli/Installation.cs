namespace Stapper.Cli;

/// <summary>Where stapper's own files are: tapsets, the C runtime and templates, copied beside the binary at build time.</summary>
public static class Installation
{
    /// <summary>
    /// The directory the binary was started from, as named (out/stapper is a link to the current build), so
    /// paths in messages and in the module's C stay the same from one build to the next; else the binary's own.
    /// </summary>
    public static string Root { get; } = StartedFrom() ?? AppContext.BaseDirectory;

    private static string? StartedFrom()
    {
        var invoked = Environment.GetCommandLineArgs().FirstOrDefault();
        if (invoked is null || !invoked.Contains('/'))
        {
            return null;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(invoked));
        return directory is not null && Directory.Exists(Path.Combine(directory, "tapsets")) ? directory + "/" : null;
    }

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
