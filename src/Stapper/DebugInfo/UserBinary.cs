using Stapper.DebugInfo.Elf;
using Stapper.Matching;

namespace Stapper.DebugInfo;

/// <summary>
/// A function of a user-space binary from its symbol tables: its link-time address and the file offset a uprobe
/// is placed at (uprobes take an inode and an offset into the file, so the same site serves every process that
/// maps the file, wherever it is loaded).
/// </summary>
public sealed record UserFunction(string Name, ulong Address, ulong FileOffset);

/// <summary>
/// An executable or shared library probed by <c>process("PATH")</c>: its functions from <c>.symtab</c> and
/// <c>.dynsym</c> (a stripped binary still has the exported ones), PIE or not, and whether it carries DWARF.
/// </summary>
public sealed class UserBinary
{
    private UserBinary(string path, bool relocatable, string? dwarfPath, IReadOnlyList<UserFunction> functions, IReadOnlyList<string> imported,
        IReadOnlyList<SdtNote> marks, IReadOnlyList<PltEntry> plt, IReadOnlyList<ElfSegment> loads)
    {
        _loads = loads;
        Plt = plt;
        DwarfPath = dwarfPath;
        Imported = imported;
        Path = path;
        Relocatable = relocatable;
        Functions = functions;
        Marks = marks;
    }

    private readonly IReadOnlyList<ElfSegment> _loads;

    public string Path { get; }

    /// <summary>ET_DYN (a PIE or a shared library): stap prints its sites as <c>.dynamic+OFFSET</c>, others <c>.absolute</c>.</summary>
    public bool Relocatable { get; }

    public bool HasDwarf => DwarfPath is not null;

    /// <summary>The file that holds its DWARF: itself, or its separate debug file (<see cref="SeparateDebugFile"/>).</summary>
    public string? DwarfPath { get; }

    /// <summary>The defined functions, one per name, in address order (then name), as stap lists a wildcard's matches.</summary>
    public IReadOnlyList<UserFunction> Functions { get; }

    /// <summary>Functions the file calls from its libraries (undefined in it): stap offers them too in a "no match" hint.</summary>
    public IReadOnlyList<string> Imported { get; }

    /// <summary>The PLT stubs (<c>.plt("NAME")</c>), in address order.</summary>
    public IReadOnlyList<PltEntry> Plt { get; }

    /// <summary>The SDT markers of <c>.note.stapsdt</c>, in note order.</summary>
    public IReadOnlyList<SdtNote> Marks { get; }

    /// <summary>Reads PATH, or null when it is not an ELF file that can be read.</summary>
    public static UserBinary? Open(string path) => ElfFile.TryRead(path, elf => Read(elf, path));

    public static UserBinary Read(ElfFile elf, string path)
    {
        var segments = elf.Segments.Where(s => s.Type == ElfSegmentType.Load).ToList();
        var byName = new Dictionary<string, UserFunction>(StringComparer.Ordinal);
        // As stap's symbol table: .symtab when the file has one (its imports spelled "name@VERSION"), else .dynsym.
        var table = elf.Symbols() is { Count: > 0 } symtab ? symtab : elf.Symbols(dynamic: true);
        var imported = table.Where(s => s.Type == ElfSymbolType.Func && !s.IsDefined && s.Name.Length > 0).Select(s => s.Name).ToList();
        var dwarfPath = elf.Section(".debug_info") is not null ? path : SeparateDebugFile(elf, path);
        // A stripped file's local functions are in its separate debug file's .symtab, at the same addresses.
        foreach (var symbol in elf.Symbols().Concat(elf.Symbols(dynamic: true)).Concat(DebugFileSymbols(dwarfPath, path)))
        {
            if (symbol.Type is not (ElfSymbolType.Func or ElfSymbolType.GnuIFunc) || !symbol.IsDefined
                || symbol.SectionIndex == ElfSymbol.SectionAbsolute || symbol.Value == 0 || symbol.Name.Length == 0)
            {
                continue;
            }
            // .dynsym spells versioned names "name@@VER"; stap matches the bare name.
            var name = symbol.Name.Split('@')[0];
            if (byName.ContainsKey(name) || FileOffset(segments, symbol.Value) is not { } offset)
            {
                continue;
            }
            byName[name] = new UserFunction(name, symbol.Value, offset);
        }
        var functions = byName.Values.OrderBy(f => f.Address).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        var marks = SdtNote.Read(elf, segments);
        var plt = PltEntry.Read(elf, segments).OrderBy(e => e.Address).ToList();
        return new UserBinary(path, elf.Header.Type == ElfType.SharedObject, dwarfPath, functions, imported.Distinct().ToList(), marks, plt, segments);
    }

    /// <summary>The symbols of a separate debug file's .symtab (none when the DWARF is in the file itself or unreadable).</summary>
    private static IReadOnlyList<ElfSymbol> DebugFileSymbols(string? dwarfPath, string path)
    {
        if (dwarfPath is null || dwarfPath == path)
        {
            return [];
        }
        try
        {
            using var debug = ElfFile.Open(dwarfPath);
            return debug.Symbols();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
        {
            return [];
        }
    }

    /// <summary>The functions whose names match the fnmatch pattern (or equal the name).</summary>
    public IReadOnlyList<UserFunction> FunctionsMatching(string pattern) =>
        Glob.HasWildcards(pattern)
            ? Functions.Where(f => Glob.Match(pattern, f.Name)).ToList()
            : Functions.Where(f => f.Name == pattern).ToList();

    /// <summary>
    /// The file's DWARF kept apart, where stap's elfutils looks: /usr/lib/debug/.build-id/NN/REST.debug, then the
    /// .gnu_debuglink name beside the file, in its .debug directory and under /usr/lib/debug.
    /// </summary>
    public static string? SeparateDebugFile(ElfFile elf, string path)
    {
        if (elf.BuildId() is { Length: > 2 } id)
        {
            var byId = "/usr/lib/debug/.build-id/" + id[..2] + "/" + id[2..] + ".debug";
            if (File.Exists(byId))
            {
                return byId;
            }
        }
        if (elf.Section(".gnu_debuglink") is { } link)
        {
            var raw = elf.RawData(link);
            var nul = raw.IndexOf((byte)0);
            var name = System.Text.Encoding.UTF8.GetString(nul >= 0 ? raw[..nul] : raw);
            var dir = System.IO.Path.GetDirectoryName(path) ?? "/";
            foreach (var candidate in new[] { System.IO.Path.Combine(dir, name), System.IO.Path.Combine(dir, ".debug", name), "/usr/lib/debug" + System.IO.Path.Combine(dir, name) })
            {
                if (name.Length > 0 && candidate != path && File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>Where link-time <paramref name="address"/> is in this file (a uprobe's offset), or null.</summary>
    public ulong? FileOffsetOf(ulong address) => FileOffset(_loads, address);

    /// <summary>The file offset of a link-time address, through the PT_LOAD segment that holds it.</summary>
    internal static ulong? FileOffset(IReadOnlyList<ElfSegment> loads, ulong address)
    {
        foreach (var s in loads)
        {
            if (address >= s.VirtualAddress && address - s.VirtualAddress < s.FileSize)
            {
                return address - s.VirtualAddress + s.Offset;
            }
        }
        return null;
    }
}
