using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>What pass 3 needs besides the program: the module's name and the user's -D macros.</summary>
public sealed record TranslateOptions(
    string ModuleName,
    ImmutableArray<KeyValuePair<string, string>> Defines,
    string RuntimeDirectory,
    string TemplateDirectory)
{
    /// <summary>User-space files whose symbols and unwind data the module embeds besides the probed ones (-d, -c's program).</summary>
    public ImmutableArray<string> SymbolFiles { get; init; } = [];

    /// <summary>--ldd: embed the shared libraries of every embedded file too.</summary>
    public bool SharedLibraries { get; init; }

    /// <summary>Where the target kernel's vDSO image is (DebugInfo/KernelVdso: a vdso64.so, or the bzImage that holds
    /// one), embedded as "vdso" with the user files; null: none.</summary>
    public string? VdsoImage { get; init; }
}

/// <summary>
/// The generated module: C files and the Kbuild makefile, by file name, plus the runtime headers
/// they include (from RuntimeDirectory) and the kernel features pass 4 tests for them (stp_autoconf.h).
/// Everything that goes into the build is here or in the runtime.
/// </summary>
public sealed record ModuleSource(
    string ModuleName,
    ImmutableSortedDictionary<string, string> Files,
    string RuntimeDirectory,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<KernelFeature> Features);
