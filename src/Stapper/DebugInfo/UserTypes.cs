using Stapper.DebugInfo.Dwarf;

namespace Stapper.DebugInfo;

/// <summary>
/// Types of a user-space file for <c>@cast(p, "type", "PATH")</c>: from the file's DWARF, or its separate debug file's
/// (as <see cref="UserBinary"/> finds it). A file is opened once per run and stays open: its types keep their DIEs.
/// </summary>
public static class UserTypes
{
    private static readonly Dictionary<string, DwarfFile?> Opened = new(StringComparer.Ordinal);

    /// <summary>Whether a @cast module names a user-space file (a path) rather than the kernel, a module or headers.</summary>
    public static bool IsPath(string module) => module.Contains('/', StringComparison.Ordinal) && !module.StartsWith('<');

    /// <summary>Type NAME ("struct x", "x" for a struct, union, enum, typedef or base type) in PATH, or null.</summary>
    public static TypeInfo? Find(string path, string name) => Dwarf(path)?.FindCastType(name);

    private static DwarfFile? Dwarf(string path)
    {
        lock (Opened)
        {
            if (!Opened.TryGetValue(path, out var dwarf))
            {
                try
                {
                    dwarf = UserBinary.Open(path)?.DwarfPath is { } debug ? DwarfFile.Open(debug) : null;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
                {
                    dwarf = null;
                }
                Opened[path] = dwarf;
            }
            return dwarf;
        }
    }
}
