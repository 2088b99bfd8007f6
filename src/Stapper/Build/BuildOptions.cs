namespace Stapper.Build;

/// <summary>
/// Where to build: the kernel's build tree (-r), the cache, whether to keep the temp dir (-k, which also keeps the
/// module's debug info there), and whether kbuild's captured commands may be replayed instead of running make.
/// </summary>
public sealed record BuildOptions(string KernelBuildDirectory, string KernelRelease, string CacheDirectory, bool KeepTemporary, int Verbosity, bool Replay = true)
{
    /// <summary>The kbuild recipes, beside the module cache.</summary>
    public string RecipeRoot => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(CacheDirectory)) ?? CacheDirectory, "kbuild");

    /// <summary>--disable-cache / --poison-cache.</summary>
    public CacheUse Cache { get; init; }

    /// <summary>-B NM=VAL: more arguments for kbuild's make (they change the module, so the cache key; no replay).</summary>
    public System.Collections.Immutable.ImmutableArray<string> KbuildArguments { get; init; } = [];

    /// <summary>--tmpdir: the parent of the temporary build directory (else the system's).</summary>
    public string? TemporaryDirectory { get; init; }
}

/// <summary>The module cache: used, not used at all (--disable-cache), or rebuilt and rewritten (--poison-cache).</summary>
public enum CacheUse
{
    Normal,
    Disabled,
    Poisoned,
}

/// <summary>The built module (or the failure, as diagnostics), whether the cache answered, and how pass 4 built it (for -v).</summary>
public sealed record ModuleFile(string? Path, bool CacheHit, System.Collections.Immutable.ImmutableArray<Diagnostics.Diagnostic> Diagnostics, string Route = "");
