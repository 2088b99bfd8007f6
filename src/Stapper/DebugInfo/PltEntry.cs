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
    /// One stub per <c>.rela.plt</c> jump slot. Stub N jumps through <c>.got.plt</c> entry N+3 (the first three are
    /// the loader's), so a slot's GOT address gives its stub: the N-th of <c>.plt.sec</c> when the file has one (IBT's
    /// second table), else the (N+1)-th of <c>.plt</c> (its first is the resolver's). The relocations are not in stub
    /// order where IRELATIVE ones (libc's) are listed last. Empty for a file without lazy-binding stubs.
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
        var got = elf.Section(".got.plt");
        var raw = elf.RawData(rela);
        var entries = new List<PltEntry>();
        for (var i = 0; (i + 1) * 24 <= raw.Length; i++)
        {
            var slot = BinaryPrimitives.ReadUInt64LittleEndian(raw.Slice(i * 24, 8));
            var info = BinaryPrimitives.ReadUInt64LittleEndian(raw.Slice(i * 24 + 8, 8));
            var symbol = (int)(info >> 32);
            if ((uint)info != JumpSlot || symbol >= symbols.Count)
            {
                continue;
            }
            // Without .got.plt, the relocations' own order.
            var index = got is not null && slot >= got.Address + 24 ? (slot - got.Address) / 8 - 3 : (ulong)i;
            var address = table.Address + StubSize * (first + index);
            if (address + StubSize <= table.Address + table.Size && UserBinary.FileOffset(loads, address) is { } offset)
            {
                entries.Add(new PltEntry(symbols[symbol].Name.Split('@')[0], address, offset));
            }
        }
        return entries;
    }
}
