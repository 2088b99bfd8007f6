namespace Stapper.DebugInfo.Elf;

public static class ElfSegmentType
{
    public const uint Null = 0, Load = 1, Dynamic = 2, Interp = 3, Note = 4, ShLib = 5, Phdr = 6, Tls = 7,
        GnuEhFrame = 0x6474e550, GnuStack = 0x6474e551, GnuRelro = 0x6474e552, GnuProperty = 0x6474e553;
}

[Flags]
public enum ElfSegmentFlags : uint { None = 0, Execute = 1, Write = 2, Read = 4 }

/// <summary>One program header.</summary>
public sealed record ElfSegment(
    int Index,
    uint Type,
    ElfSegmentFlags Flags,
    ulong Offset,
    ulong VirtualAddress,
    ulong PhysicalAddress,
    ulong FileSize,
    ulong MemorySize,
    ulong Align);
