using System.Globalization;

namespace Stapper.DebugInfo;

/// <summary>
/// Lines derived from a debug file (a vmlinux, a debug .ko) that take seconds to compute and are asked for on every run,
/// kept in the cache beside the BTF, keyed by the file's size and mtime: a later run reads only the lines.
/// </summary>
internal static class DerivedLinesCache
{
    /// <summary>The lines of kind <paramref name="kind"/> (the cache file's suffix, with its format version) for
    /// <paramref name="source"/>: from the cache when it was made from this very file, else built and stored.</summary>
    public static string[] Of(string source, string kind, string? cacheDir, Func<IEnumerable<string>> build)
    {
        cacheDir ??= KernelDebugInfoOptions.DefaultCacheDir();
        var file = new FileInfo(source);
        var key = string.Create(CultureInfo.InvariantCulture, $"stapper-{kind} {file.Length} {file.LastWriteTimeUtc.Ticks} {file.FullName}");
        var path = Path.Combine(cacheDir, Sha256.Hex(file.FullName)[..16] + "." + kind[..kind.LastIndexOf("-v", StringComparison.Ordinal)]);
        try
        {
            if (File.Exists(path))
            {
                var cached = File.ReadAllLines(path);
                if (cached.Length > 0 && cached[0] == key)
                {
                    return cached[1..];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var lines = build().ToArray();
        try
        {
            Directory.CreateDirectory(cacheDir);
            // written aside and renamed: a concurrent run reads the old file or the new one, never half of one
            var temp = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllLines(temp, lines.Prepend(key));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return lines;
    }
}
