namespace Stapper.Build;

/// <summary>
/// --clean-cache as stap's clean_cache: the size limit in megabytes is read from <c>cache_mb_limit</c> in the cache
/// directory (written with stap's default, 256, when missing); least recently used modules go until the rest fits.
/// </summary>
public static class ModuleCache
{
    public const string LimitFileName = "cache_mb_limit";
    public const long DefaultLimitMegabytes = 256;

    /// <summary>--cache-size=MB: a new limit in <c>cache_mb_limit</c>, then the trim to it.</summary>
    public static IReadOnlyList<string> Clean(string cacheDirectory, long limitMegabytes)
    {
        Directory.CreateDirectory(cacheDirectory);
        File.WriteAllText(Path.Combine(cacheDirectory, LimitFileName), limitMegabytes + "\n");
        return Clean(cacheDirectory);
    }

    /// <summary>Trims <paramref name="cacheDirectory"/>'s <c>modules/</c>; returns the entries removed.</summary>
    public static IReadOnlyList<string> Clean(string cacheDirectory)
    {
        Directory.CreateDirectory(cacheDirectory);
        var limitFile = Path.Combine(cacheDirectory, LimitFileName);
        if (!File.Exists(limitFile) || !long.TryParse(File.ReadAllText(limitFile).Trim(), out var megabytes))
        {
            File.WriteAllText(limitFile, DefaultLimitMegabytes + "\n");
            megabytes = DefaultLimitMegabytes;
        }
        var modules = new DirectoryInfo(Path.Combine(cacheDirectory, "modules"));
        if (!modules.Exists)
        {
            return [];
        }
        var entries = modules.EnumerateDirectories()
            .Select(d => (Directory: d, Files: d.EnumerateFiles("*", SearchOption.AllDirectories).ToList()))
            .Select(e => (e.Directory, Size: e.Files.Sum(f => f.Length), Used: e.Files.Select(f => f.LastAccessTimeUtc).DefaultIfEmpty(e.Directory.LastWriteTimeUtc).Max()))
            .OrderBy(e => e.Used)
            .ToList();
        var total = entries.Sum(e => e.Size);
        var removed = new List<string>();
        foreach (var entry in entries)
        {
            if (total < megabytes * 1024 * 1024)
            {
                break;
            }
            entry.Directory.Delete(recursive: true);
            total -= entry.Size;
            removed.Add(entry.Directory.FullName);
        }
        return removed;
    }
}
