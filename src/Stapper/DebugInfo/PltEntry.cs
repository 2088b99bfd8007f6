using System.Buffers.Binary;
using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>
/// A stub of a user-space file's procedure linkage table: the function it jumps to through the GOT (Name, without
/// a symbol version), the stub's link-time address and its file offset, where <c>.plt("NAME")</c> puts a uprobe.
/// </summary>
public sealed record PltEntry(string Name, ulong Address, ulong FileOffset)
{
    private const uint JumpSlot = 7; // R_X86_64_JUMP_SLOT
    private const ulong StubSize = 16;

    /// <summary>
    /// One stub per <c>.rela.plt</c> jump slot, in relocation order: the N-th slot's stub is the N-th of
    /// <c>.plt.sec</c> when the file has one (IBT's second table), else the (N+1)-th of <c>.plt</c> (its first is the
    /// resolver's). Empty for a file without lazy-binding stubs.
    /// </summary>
    public static IReadOnlyList<PltEntry> Read(ElfFile elf, IReadOnlyList<ElfSegment> loads)
    {
        if (elf.Header.Machine != ElfHeader.MachineX86_64 || elf.Section(".rela.plt") is not { Type: ElfSectionType.Rela } rela)
        {
            return [];
        }
        var (table, first) = elf.Section(".plt.sec") is { } sec ? (sec, 0UL) : (elf.Section(".plt"), 1UL);
        if (table is null)
        {
            return [];
        }
        var symbols = elf.Sections.ElementAtOrDefault((int)rela.Link) is { Type: ElfSectionType.SymTab } ? elf.Symbols() : elf.Symbols(dynamic: true);
        var raw = elf.RawData(rela);
        var entries = new List<PltEntry>();
        for (var i = 0; (i + 1) * 24 <= raw.Length; i++)
        {
            var info = BinaryPrimitives.ReadUInt64LittleEndian(raw.Slice(i * 24 + 8, 8));
            var symbol = (int)(info >> 32);
            if ((uint)info != JumpSlot || symbol >= symbols.Count)
            {
                continue;
            }
            var address = table.Address + StubSize * (first + (ulong)i);
            if (address + StubSize <= table.Address + table.Size && UserBinary.FileOffset(loads, address) is { } offset)
            {
                entries.Add(new PltEntry(symbols[symbol].Name.Split('@')[0], address, offset));
            }
        }
        return entries;
    }
}
