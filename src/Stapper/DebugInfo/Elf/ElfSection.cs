namespace Stapper.DebugInfo.Elf;

public static class ElfSectionType
{
    public const uint Null = 0, ProgBits = 1, SymTab = 2, StrTab = 3, Rela = 4, Hash = 5, Dynamic = 6,
        Note = 7, NoBits = 8, Rel = 9, DynSym = 11, InitArray = 14, FiniArray = 15, Group = 17,
        SymTabShndx = 18, GnuHash = 0x6ffffff6, GnuVerDef = 0x6ffffffd, GnuVerNeed = 0x6ffffffe, GnuVerSym = 0x6fffffff;
}

[Flags]
public enum ElfSectionFlags : ulong
{
    None = 0,
    Write = 0x1,
    Alloc = 0x2,
    ExecInstr = 0x4,
    Merge = 0x10,
    Strings = 0x20,
    InfoLink = 0x40,
    LinkOrder = 0x80,
    OsNonconforming = 0x100,
    Group = 0x200,
    Tls = 0x400,
    Compressed = 0x800,
}

/// <summary>One section header. Data is read through <see cref="ElfFile"/>.</summary>
public sealed record ElfSection(
    int Index,
    string Name,
    uint Type,
    ElfSectionFlags Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    uint Link,
    uint Info,
    ulong AddressAlign,
    ulong EntrySize)
{
    public bool IsCompressed => (Flags & ElfSectionFlags.Compressed) != 0;
    public bool HasFileData => Type != ElfSectionType.NoBits && Type != ElfSectionType.Null;
}
