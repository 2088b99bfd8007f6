using System.Buffers.Binary;
using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>Gets vmlinux out of a bzImage (/boot/vmlinuz-KVER) and its .BTF out of vmlinux.</summary>
public static class KernelImage
{
    /// <summary>Decompresses the vmlinux ELF payload of a bzImage. Supports xz, gzip and zstd payloads.</summary>
    public static byte[] ExtractVmlinux(string vmlinuzPath)
    {
        using var src = ByteSource.Open(vmlinuzPath);
        return ExtractVmlinux(src.Span, vmlinuzPath);
    }

    public static byte[] ExtractVmlinux(ReadOnlySpan<byte> image, string name)
    {
        if (image.StartsWith("\u007fELF"u8))
        {
            return image.ToArray();
        }

        var payload = Payload(image, name, out long payloadOffset);
        // The kernel build appends the decompressed size as 4 little-endian bytes after the stream.
        long expected = -1;
        if (payload.Length >= 4)
        {
            uint tail = BinaryPrimitives.ReadUInt32LittleEndian(payload[^4..]);
            if (tail > payload.Length && tail < 1u << 30)
            {
                expected = tail;
            }
        }
        byte[] data;
        if (payload.StartsWith(Decompression.XzMagic))
        {
            data = Decompression.Xz(payload, expected, name, payloadOffset);
        }
        else if (payload.StartsWith(Decompression.ZstdMagic))
        {
            data = Decompression.Zstd(payload, expected, name, payloadOffset);
        }
        else if (payload.StartsWith(Decompression.GzipMagic))
        {
            data = Decompression.Gzip(payload, expected, name, payloadOffset);
        }
        else
        {
            throw new DebugInfoFormatException(name, payloadOffset, "kernel payload is neither xz, zstd nor gzip");
        }

        if (!data.AsSpan().StartsWith("\u007fELF"u8))
        {
            throw new DebugInfoFormatException(name, payloadOffset, "decompressed kernel payload is not an ELF file");
        }

        return data;
    }

    /// <summary>The compressed payload of a bzImage: from the boot header (protocol 2.08+) or by scanning for a magic.</summary>
    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> image, string name, out long offset)
    {
        if (image.Length > 0x250 && image.Slice(0x202, 4).SequenceEqual("HdrS"u8))
        {
            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(image[0x206..]);
            int setupSects = image[0x1f1] == 0 ? 4 : image[0x1f1];
            long start = (setupSects + 1) * 512L;
            if (version >= 0x208)
            {
                uint off = BinaryPrimitives.ReadUInt32LittleEndian(image[0x248..]);
                uint len = BinaryPrimitives.ReadUInt32LittleEndian(image[0x24c..]);
                long at = start + off;
                if (at >= 0 && len > 0 && at + len <= image.Length)
                {
                    offset = at;
                    return image.Slice((int)at, (int)len);
                }
            }
        }
        foreach (var magic in new[] { Decompression.XzMagic, Decompression.ZstdMagic })
        {
            int i = image.IndexOf(magic);
            if (i >= 0)
            {
                offset = i;
                return image[i..];
            }
        }
        throw new DebugInfoFormatException(name, 0, "not a bzImage with a known compressed payload");
    }

    /// <summary>The raw .BTF bytes of a vmlinux image, copied.</summary>
    public static byte[] BtfOfVmlinux(byte[] vmlinux, string name)
    {
        using var elf = ElfFile.FromBytes(name, vmlinux);
        var sec = elf.Section(".BTF") ?? throw new DebugInfoNotFoundException($"{name}: vmlinux has no .BTF section (kernel built without CONFIG_DEBUG_INFO_BTF)");
        return elf.SectionData(sec).ToArray();
    }
}
