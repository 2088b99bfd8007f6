using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Parse;

/// <summary>
/// What the preprocessor's <c>%( ... %)</c> conditions and <c>$1</c>/<c>@1</c> see.
/// KernelRelease is <c>uname -r</c> (kernel_vr); kernel_v is its part before the first '-'.
/// KernelConfig maps "CONFIG_FOO" to its value ("y", "m", "42") or null when unset.
/// SystemtapVersion is the --compatible version (systemtap_v).
/// </summary>
public sealed record PreprocessorContext(
    string KernelRelease,
    string Architecture,
    bool GuruMode,
    ImmutableArray<string> ScriptArguments,
    Func<string, string?> KernelConfig,
    string SystemtapVersion = "5.2",
    string Runtime = "kernel",
    string Privilege = "stapdev");

/// <summary>
/// The user script and the tapset library. Tapsets named <c>*.stpm</c> hold only <c>@define</c>s,
/// visible to every other file; the others are parsed as tapset files.
/// </summary>
public sealed record ParseInput(SourceFile Script, ImmutableArray<SourceFile> Tapsets, PreprocessorContext Context)
{
    /// <summary>
    /// When set, the tapset library instead of Tapsets, in the same order: pass 1 parses the macro files and then
    /// only the files whose declarations the script's identifiers and probe points may use, and theirs, in turn.
    /// </summary>
    public ImmutableArray<LibraryFile> Library { get; init; }
}

/// <summary>A tapset file of the library, read only if pass 1 needs it.</summary>
public sealed record LibraryFile(string Path, TapsetDeclarations Declarations, Func<SourceFile> Read)
{
    public bool IsMacroFile => Path.EndsWith(".stpm", StringComparison.Ordinal);
}

/// <summary>
/// Script is null when the script had parse errors (as stap, which then stops) or was empty.
/// Tapsets holds the tapset files that parsed cleanly. As in stap, a tapset with parse errors is
/// left out and its errors are reported as warnings (Severity.Warning, Kind "parse error"); a
/// driver in stap's -W mode should treat them as errors. Diagnostics are in file order, script last.
/// </summary>
public sealed record ParseResult(SyntaxTree? Script, ImmutableArray<SyntaxTree> Tapsets, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The library's macros (the <c>.stpm</c> files' <c>@define</c>s), which every file sees: --dump-macros lists them.</summary>
    public ImmutableArray<MacroDeclaration> LibraryMacros { get; init; } = [];

    /// <summary>The library's files that are not macro files, parsed or not (Tapsets holds those parsed cleanly).</summary>
    public int LibraryScripts { get; init; }

    /// <summary>Pass 1 left out library files the script named nothing of (ParseInput.Library).</summary>
    public bool LibraryPartial { get; init; }
}
