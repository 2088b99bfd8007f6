using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.Elaborate.Providers;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>
/// @var's globals of a user-space binary (<c>@var("x@f.c", "/path/bin")</c>, or in a <c>process(...)</c> probe) from
/// its DWARF, in the file or its separate debug file. Each file is opened once per elaboration (one binder).
/// </summary>
internal sealed class UserGlobals
{
    private readonly Dictionary<string, (UserBinary Binary, DwarfFile Dwarf)?> _files = new(StringComparer.Ordinal);

    /// <summary>NAME in the first unit matching FILE (any when null), or in the unit of function SCOPE; null when absent.</summary>
    public AtVarGlobal? Find(string path, string name, string? file, string? scope)
    {
        if (Open(path) is not var (binary, dwarf))
        {
            return null;
        }
        try
        {
            var found = scope is not null ? DwarfGlobals.InScopeOf(dwarf, scope, name) : DwarfGlobals.Find(dwarf, name, file);
            return found is null ? null : new AtVarGlobal(found.Type, new LoadGlobal(binary.Path, found.Address, Relocatable: binary.Relocatable));
        }
        catch (DebugInfoFormatException)
        {
            return null;
        }
    }

    private (UserBinary, DwarfFile)? Open(string path)
    {
        if (ProcessPath.Resolve(path) is not { } resolved)
        {
            return null;
        }
        if (!_files.TryGetValue(resolved, out var opened))
        {
            try
            {
                opened = UserBinary.Open(resolved) is { DwarfPath: { } dwarfPath } binary ? (binary, DwarfFile.Open(dwarfPath)) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
            {
                opened = null;
            }
            _files[resolved] = opened;
        }
        return opened;
    }
}
