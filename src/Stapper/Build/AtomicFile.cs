namespace Stapper.Build;

/// <summary>
/// Caches are written under a temporary name and renamed into place, so a reader sees a whole file or none. The
/// temporary name is unique per writer, not per process: builds on two threads of one process (parallel tests) once
/// wrote one temporary precompiled header at the same time, and a cc1 that read the mixed file crashed.
/// </summary>
internal static class AtomicFile
{
    public static string TempPath(string path) => path + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp";
}
