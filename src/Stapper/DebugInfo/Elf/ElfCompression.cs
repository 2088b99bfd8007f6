using System.Buffers.Binary;

namespace Stapper.DebugInfo.Elf;

/// <summary>SHF_COMPRESSED sections (Elf32_Chdr/Elf64_Chdr; ELFCOMPRESS_ZLIB and ELFCOMPRESS_ZSTD)
/// and GNU's older .zdebug_* ("ZLIB" + 8-byte big-endian size).</summary>
internal static class ElfCompression
{
    public const uint Zlib = 1, Zstd = 2;

    public static byte[] Decompress(ElfFile elf, ElfSection section, ReadOnlySpan<byte> raw)
    {
        var r = elf.Reader(raw, (long)section.Offset);
        uint type;
        ulong size;
        if (elf.Header.Is64)
        {
            type = r.U32(); r.U32(); size = r.U64(); r.U64();
        }
        else
        {
            type = r.U32(); size = r.U32(); r.U32();
        }
        var payload = raw[r.Position..];
        long at = (long)section.Offset + r.Position;
        return type switch
        {
            Zlib => Decompression.Zlib(payload, (long)size, elf.Name, at),
            Zstd => Decompression.Zstd(payload, (long)size, elf.Name, at),
            _ => throw new DebugInfoFormatException(elf.Name, (long)section.Offset, $"section {section.Name}: unknown compression type {type}"),
        };
    }

    public static byte[] DecompressZdebug(ElfFile elf, ElfSection section, ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 12)
        {
            throw new DebugInfoFormatException(elf.Name, (long)section.Offset, $"section {section.Name}: truncated .zdebug header");
        }

        ulong size = BinaryPrimitives.ReadUInt64BigEndian(raw.Slice(4, 8));
        return Decompression.Zlib(raw[12..], (long)size, elf.Name, (long)section.Offset + 12);
    }
}
