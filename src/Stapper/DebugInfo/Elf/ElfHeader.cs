namespace Stapper.DebugInfo.Elf;

public enum ElfClass : byte { Elf32 = 1, Elf64 = 2 }

public enum ElfType : ushort { None = 0, Relocatable = 1, Executable = 2, SharedObject = 3, Core = 4 }

/// <summary>The ELF file header (Elf32_Ehdr / Elf64_Ehdr), with extended numbering resolved.</summary>
public sealed record ElfHeader(
    ElfClass Class,
    bool BigEndian,
    byte OsAbi,
    ElfType Type,
    ushort Machine,
    ulong Entry,
    ulong ProgramHeaderOffset,
    ulong SectionHeaderOffset,
    uint Flags,
    ushort HeaderSize,
    ushort ProgramHeaderEntrySize,
    uint ProgramHeaderCount,
    ushort SectionHeaderEntrySize,
    uint SectionHeaderCount,
    uint SectionNameTableIndex)
{
    public const ushort MachineX86_64 = 62;
    public const ushort MachineI386 = 3;
    public const ushort MachineAArch64 = 183;

    public bool Is64 => Class == ElfClass.Elf64;
    public int AddressSize => Is64 ? 8 : 4;

    internal static ElfHeader Read(ReadOnlySpan<byte> data, string file)
    {
        if (data.Length < 16 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
        {
            throw new DebugInfoFormatException(file, 0, "not an ELF file (bad magic)");
        }

        var cls = data[4] switch
        {
            1 => ElfClass.Elf32,
            2 => ElfClass.Elf64,
            var c => throw new DebugInfoFormatException(file, 4, $"bad ELF class {c}"),
        };
        bool be = data[5] switch
        {
            1 => false,
            2 => true,
            var d => throw new DebugInfoFormatException(file, 5, $"bad ELF data encoding {d}"),
        };
        if (data[6] != 1)
        {
            throw new DebugInfoFormatException(file, 6, $"bad ELF version {data[6]}");
        }

        var r = new DataReader(data, file, 0, be) { Position = 16 };
        var type = (ElfType)r.U16();
        ushort machine = r.U16();
        uint version = r.U32();
        if (version != 1)
        {
            throw r.Error(20, $"bad ELF version {version}");
        }

        bool is64 = cls == ElfClass.Elf64;
        ulong entry = is64 ? r.U64() : r.U32();
        ulong phoff = is64 ? r.U64() : r.U32();
        ulong shoff = is64 ? r.U64() : r.U32();
        uint flags = r.U32();
        ushort ehsize = r.U16();
        ushort phentsize = r.U16();
        uint phnum = r.U16();
        ushort shentsize = r.U16();
        uint shnum = r.U16();
        uint shstrndx = r.U16();
        int wantSh = is64 ? 64 : 40;
        if (shoff != 0 && shentsize < wantSh)
        {
            throw r.Error(is64 ? 0x3a : 0x2e, $"section header entry size {shentsize} smaller than {wantSh}");
        }
        // Extended numbering: counts that do not fit live in section header 0.
        if (shoff != 0 && (shnum == 0 || shstrndx == 0xffff || phnum == 0xffff))
        {
            if (shoff > (ulong)data.Length - (ulong)wantSh)
            {
                throw new DebugInfoFormatException(file, (long)Math.Min(shoff, long.MaxValue), "section header table outside the file");
            }

            var s0 = new DataReader(data.Slice((int)shoff, wantSh), file, (long)shoff, be);
            s0.Skip(is64 ? 32 : 20); // name, type, flags, addr, offset
            ulong size = is64 ? s0.U64() : s0.U32();
            uint link = s0.U32();
            uint info = s0.U32();
            if (shnum == 0)
            {
                shnum = (uint)Math.Min(size, uint.MaxValue);
            }

            if (shstrndx == 0xffff)
            {
                shstrndx = link;
            }

            if (phnum == 0xffff)
            {
                phnum = info;
            }
        }
        return new ElfHeader(cls, be, data[7], type, machine, entry, phoff, shoff, flags, ehsize,
            phentsize, phnum, shentsize, shnum, shstrndx);
    }
}
