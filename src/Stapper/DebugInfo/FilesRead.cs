using System.Collections.Concurrent;

namespace Stapper.DebugInfo;

/// <summary>
/// The files a run read debug info from (every <see cref="ByteSource.Open"/>), which the translation cache checks before
/// it serves passes 1-3 from an earlier run. Scoped per run (AsyncLocal): test threads running in parallel keep apart.
/// </summary>
public static class FilesRead
{
    private static readonly AsyncLocal<ConcurrentDictionary<string, byte>?> Current = new();

    /// <summary>Starts recording for this run (and the tasks it starts); returns the set that fills.</summary>
    public static ConcurrentDictionary<string, byte> Begin()
    {
        var files = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        Current.Value = files;
        return files;
    }

    public static void End() => Current.Value = null;

    internal static void Note(string path) => Current.Value?.TryAdd(Path.GetFullPath(path), 0);
}
