using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Stapper.Build;

/// <summary>
/// The first line of `gcc --version`, part of every recipe and module key. It is kept in the cache under the
/// compiler binary's resolved path, size and mtime, so a build (even a cache hit) need not run gcc to learn it.
/// </summary>
internal static class CompilerIdentity
{
    private static string? _version;

    public static string Version(string cacheRoot)
    {
        return _version ??= Cached(cacheRoot) ?? Ask();
    }

    /// <summary>The gcc PATH finds, its links resolved; null when there is none.</summary>
    public static string? Binary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "gcc")).FirstOrDefault(File.Exists) is { } gcc
            ? new FileInfo(gcc).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? gcc
            : null;

    private static string? Cached(string cacheRoot)
    {
        if (Binary() is not { } gcc || new FileInfo(gcc) is not { Exists: true } binary)
        {
            return null;
        }
        var stamp = $"{gcc}\0{binary.Length}\0{binary.LastWriteTimeUtc.Ticks}";
        var path = Path.Combine(cacheRoot, "compilers", Sha256.Hex(stamp)[..24]);
        try
        {
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
            var version = Ask();
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = AtomicFile.TempPath(path);
            File.WriteAllText(temp, version);
            File.Move(temp, path, true);
            return version;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Ask()
    {
        try
        {
            var r = CliWrap.Cli.Wrap("gcc").WithArguments("--version").WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync().GetAwaiter().GetResult();
            return r.StandardOutput.Split('\n')[0];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
