using Stapper.DebugInfo.Dwarf;
using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>A symbol of a user-space file at its link-time address (stap's table keeps the address and name only).</summary>
public readonly record struct UserSymbol(ulong Address, string Name);

/// <summary>A PT_LOAD segment: where file offsets [Offset, Offset+FileSize) are at link time.</summary>
public readonly record struct UserSegment(ulong VirtualAddress, ulong Offset, ulong FileSize);

/// <summary>
/// What the module embeds of one user-space file for usymname(), ubacktrace() and friends (stap's -d tables):
/// its loadable segments (an address in a process becomes a file offset through its VMA, then a link-time address),
/// its function and data symbols in address order, its CFI as <see cref="CallFrameRow"/>s, and its GNU build-id
/// (lowercase hex, "" when none).
/// </summary>
public sealed record UserSymbolTable(string Path, IReadOnlyList<UserSegment> Segments, IReadOnlyList<UserSymbol> Symbols, IReadOnlyList<CallFrameRow> Frames, string BuildId = "")
{
    /// <summary>Reads PATH (and its separate debug file, for a stripped file's .symtab); null when it is no readable ELF file.</summary>
    public static UserSymbolTable? Open(string path) => ElfFile.TryRead(path, elf => Read(elf, path));

    public static UserSymbolTable Read(ElfFile elf, string path)
    {
        var segments = elf.Segments.Where(s => s.Type == ElfSegmentType.Load)
            .Select(s => new UserSegment(s.VirtualAddress, s.Offset, s.FileSize)).ToList();
        var frames = CallFrameTable.Read(elf);
        var loads = elf.Segments.Where(s => s.Type == ElfSegmentType.Load).ToList();
        var low = loads.Count > 0 ? loads.Min(s => s.VirtualAddress) : 0;
        var high = loads.Count > 0 ? loads.Max(s => s.VirtualAddress + s.MemorySize) : 0;
        return new UserSymbolTable(path, segments, ReadSymbols(elf, path, low, high), frames, elf.BuildId() ?? "");
    }

    /// <summary>
    /// As stap's table: the file's own .symtab, else its debug file's, else .dynsym; functions and objects defined in
    /// a loaded segment; one name per address, the last one the table gives; a leading '.' dropped.
    /// </summary>
    private static List<UserSymbol> ReadSymbols(ElfFile elf, string path, ulong low, ulong high)
    {
        var table = elf.Symbols();
        if (table.Count == 0 && UserBinary.SeparateDebugFile(elf, path) is { } debugPath)
        {
            try
            {
                using var debug = ElfFile.Open(debugPath);
                table = debug.Symbols();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
            {
                table = [];
            }
        }
        if (table.Count == 0)
        {
            table = elf.Symbols(dynamic: true);
        }
        var byAddress = new SortedDictionary<ulong, string>();
        foreach (var s in table)
        {
            if (s.Type is not (ElfSymbolType.Func or ElfSymbolType.Object) || !s.IsDefined || s.SectionIndex == ElfSymbol.SectionAbsolute
                || s.Name.Length == 0 || s.Value < low || s.Value >= high)
            {
                continue;
            }
            byAddress[s.Value] = s.Name.StartsWith('.') ? s.Name[1..] : s.Name;
        }
        return byAddress.Select(p => new UserSymbol(p.Key, p.Value)).ToList();
    }
}
