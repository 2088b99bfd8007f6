using System.Buffers.Binary;

namespace Stapper.DebugInfo.Elf;

/// <summary>
/// Applies the relocations of an ET_REL file (kernel modules, .o files) to a copy of a debug section,
/// so offsets into other debug sections and addresses read right. x86-64 RELA only:
/// R_X86_64_64, R_X86_64_PC32, R_X86_64_32, R_X86_64_32S (and R_X86_64_NONE).
/// </summary>
public static class ElfRelocations
{
    public const uint R_X86_64_NONE = 0, R_X86_64_64 = 1, R_X86_64_PC32 = 2, R_X86_64_32 = 10, R_X86_64_32S = 11;

    /// <summary>Section data with its relocations applied (a copy), or the data as is when the file is not
    /// relocatable or nothing relocates the section.</summary>
    public static ReadOnlyMemory<byte> RelocatedSectionData(ElfFile elf, ElfSection section)
    {
        var data = elf.SectionData(section);
        if (elf.Header.Type != ElfType.Relocatable)
        {
            return data;
        }

        var relas = elf.Sections.Where(s => (s.Type == ElfSectionType.Rela || s.Type == ElfSectionType.Rel) && s.Info == (uint)section.Index).ToList();
        if (relas.Count == 0)
        {
            return data;
        }

        if (elf.Header.Machine != ElfHeader.MachineX86_64)
        {
            throw new DebugInfoFormatException(elf.Name, 18, $"relocations for machine {elf.Header.Machine} are not supported");
        }

        var copy = data.ToArray();
        foreach (var rela in relas)
        {
            Apply(elf, rela, section, copy);
        }

        return copy;
    }

    /// <summary>For each relocated field of <paramref name="section"/> (by its offset there), the index of the section its
    /// symbol lies in: in a module, which code section (.text, .init.text, ...) a .debug_frame FDE's address is in.</summary>
    public static IReadOnlyDictionary<ulong, uint> TargetSections(ElfFile elf, ElfSection section)
    {
        var found = new Dictionary<ulong, uint>();
        if (elf.Header.Type != ElfType.Relocatable)
        {
            return found;
        }
        var symbols = elf.Symbols();
        foreach (var rela in elf.Sections.Where(s => s.Type == ElfSectionType.Rela && s.Info == (uint)section.Index))
        {
            var raw = elf.RawData(rela);
            const int EntrySize = 24;
            for (int i = 0; i + EntrySize <= raw.Length; i += EntrySize)
            {
                var r = elf.Reader(raw.Slice(i, EntrySize), (long)rela.Offset + i);
                ulong offset = r.U64();
                var symIndex = (uint)(r.U64() >> 32);
                if (symIndex < symbols.Count)
                {
                    found[offset] = symbols[(int)symIndex].SectionIndex;
                }
            }
        }
        return found;
    }

    private static void Apply(ElfFile elf, ElfSection rela, ElfSection target, byte[] buffer)
    {
        if (rela.Type != ElfSectionType.Rela)
        {
            throw new DebugInfoFormatException(elf.Name, (long)rela.Offset, $"section {rela.Name}: SHT_REL on x86-64 is not supported");
        }

        if (rela.Link >= elf.Sections.Count)
        {
            throw new DebugInfoFormatException(elf.Name, (long)rela.Offset, $"section {rela.Name}: bad symbol table link {rela.Link}");
        }

        var symbols = elf.Symbols();
        var raw = elf.RawData(rela);
        const int EntrySize = 24;
        for (int i = 0; i + EntrySize <= raw.Length; i += EntrySize)
        {
            long at = (long)rela.Offset + i;
            var r = elf.Reader(raw.Slice(i, EntrySize), at);
            ulong offset = r.U64();
            ulong info = r.U64();
            long addend = r.I64();
            uint type = (uint)info;
            uint symIndex = (uint)(info >> 32);
            if (type == R_X86_64_NONE)
            {
                continue;
            }

            if (symIndex >= symbols.Count)
            {
                throw new DebugInfoFormatException(elf.Name, at, $"relocation refers to symbol {symIndex} of {symbols.Count}");
            }

            var sym = symbols[(int)symIndex];
            ulong s = sym.Value;
            // In ET_REL files a symbol's value is relative to its section; debug info wants section-relative
            // addresses, so section addresses (0 in .o/.ko) are added as is.
            if (sym.SectionIndex != ElfSymbol.SectionUndefined && sym.SectionIndex < elf.Sections.Count
                && sym.SectionIndex != ElfSymbol.SectionAbsolute)
            {
                s += elf.Sections[(int)sym.SectionIndex].Address;
            }

            int size = type switch
            {
                R_X86_64_64 => 8,
                R_X86_64_PC32 or R_X86_64_32 or R_X86_64_32S => 4,
                _ => throw new DebugInfoFormatException(elf.Name, at, $"unsupported relocation type {type} in {rela.Name}"),
            };
            if (offset > (ulong)buffer.Length || (ulong)size > (ulong)buffer.Length - offset)
            {
                throw new DebugInfoFormatException(elf.Name, at, $"relocation offset 0x{offset:x} outside section {target.Name} ({buffer.Length} bytes)");
            }

            var dst = buffer.AsSpan((int)offset, size);
            ulong value = unchecked(s + (ulong)addend);
            switch (type)
            {
                case R_X86_64_64: BinaryPrimitives.WriteUInt64LittleEndian(dst, value); break;
                case R_X86_64_32: BinaryPrimitives.WriteUInt32LittleEndian(dst, (uint)value); break;
                case R_X86_64_32S: BinaryPrimitives.WriteInt32LittleEndian(dst, (int)(long)value); break;
                case R_X86_64_PC32: BinaryPrimitives.WriteUInt32LittleEndian(dst, (uint)unchecked(value - (target.Address + offset))); break;
            }
        }
    }
}
