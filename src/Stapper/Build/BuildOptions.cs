namespace Stapper.Build;

/// <summary>Where to build: the kernel's build tree (-r), the cache, and whether to keep the temp dir (-k).</summary>
public sealed record BuildOptions(string KernelBuildDirectory, string KernelRelease, string CacheDirectory, bool KeepTemporary, int Verbosity);

/// <summary>The built module (or the failure, as diagnostics) and whether the cache answered.</summary>
public sealed record ModuleFile(string? Path, bool CacheHit, System.Collections.Immutable.ImmutableArray<Diagnostics.Diagnostic> Diagnostics);
