using System.Text;

namespace Stapper.DebugInfo.Elf;

internal static class ElfSymbolTable
{
    public static ElfSymbol[] Read(ElfFile elf, ElfSection symtab)
    {
        var data = elf.RawData(symtab);
        int entsize = elf.Header.Is64 ? 24 : 16;
        if (symtab.EntrySize != 0 && symtab.EntrySize < (ulong)entsize)
        {
            throw new DebugInfoFormatException(elf.Name, (long)symtab.Offset, $"symbol entry size {symtab.EntrySize} smaller than {entsize}");
        }

        if (symtab.EntrySize > 4096)
        {
            throw new DebugInfoFormatException(elf.Name, (long)symtab.Offset, $"symbol entry size {symtab.EntrySize} is implausible");
        }

        if (symtab.EntrySize > (ulong)entsize)
        {
            entsize = (int)symtab.EntrySize;
        }

        ReadOnlySpan<byte> strtab = [];
        long strBase = 0;
        if (symtab.Link != 0 && symtab.Link < elf.Sections.Count)
        {
            var s = elf.Sections[(int)symtab.Link];
            strtab = elf.RawData(s);
            strBase = (long)s.Offset;
        }
        // SHT_SYMTAB_SHNDX holds the real section index for SHN_XINDEX symbols.
        ReadOnlySpan<byte> shndx = [];
        var x = elf.Sections.FirstOrDefault(s => s.Type == ElfSectionType.SymTabShndx && s.Link == symtab.Index);
        if (x is not null)
        {
            shndx = elf.RawData(x);
        }

        int count = data.Length / entsize;
        var result = new ElfSymbol[count];
        for (int i = 0; i < count; i++)
        {
            var r = elf.Reader(data.Slice(i * entsize, entsize), (long)symtab.Offset + (long)i * entsize);
            uint name; ulong value, size; byte info, other; ushort sh;
            if (elf.Header.Is64)
            {
                name = r.U32(); info = r.U8(); other = r.U8(); sh = r.U16(); value = r.U64(); size = r.U64();
            }
            else
            {
                name = r.U32(); value = r.U32(); size = r.U32(); info = r.U8(); other = r.U8(); sh = r.U16();
            }
            uint section = sh;
            if (sh == ElfSymbol.SectionXIndex && shndx.Length >= (i + 1) * 4)
            {
                section = elf.ReadU32(shndx.Slice(i * 4, 4));
            }

            string n = name == 0 || strtab.IsEmpty ? "" : Encoding.UTF8.GetString(DataReader.CStringAt(strtab, name, elf.Name, strBase));
            result[i] = new ElfSymbol(i, n, value, size, (ElfSymbolType)(info & 0xf), (ElfSymbolBinding)(info >> 4),
                (ElfSymbolVisibility)(other & 3), section);
        }
        return result;
    }
}
