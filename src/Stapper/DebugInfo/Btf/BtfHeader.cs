namespace Stapper.DebugInfo.Btf;

/// <summary>struct btf_header. Offsets are relative to the end of the header (HeaderLength).</summary>
public readonly record struct BtfHeader(
    bool BigEndian,
    byte Version,
    byte Flags,
    uint HeaderLength,
    uint TypeOffset,
    uint TypeLength,
    uint StringOffset,
    uint StringLength)
{
    public const ushort Magic = 0xEB9F;

    internal static BtfHeader Read(ReadOnlySpan<byte> data, string file)
    {
        if (data.Length < 24)
        {
            throw new DebugInfoFormatException(file, 0, $"BTF: {data.Length} bytes is too short for a header");
        }

        bool be;
        if (data[0] == 0x9F && data[1] == 0xEB)
        {
            be = false;
        }
        else if (data[0] == 0xEB && data[1] == 0x9F)
        {
            be = true;
        }
        else
        {
            throw new DebugInfoFormatException(file, 0, $"BTF: bad magic 0x{data[0]:x2}{data[1]:x2}");
        }

        var r = new DataReader(data, file, 0, be) { Position = 2 };
        byte version = r.U8();
        if (version != 1)
        {
            throw r.Error(2, $"BTF: unsupported version {version}");
        }

        byte flags = r.U8();
        uint hdrLen = r.U32();
        if (hdrLen < 24 || hdrLen > data.Length)
        {
            throw r.Error(4, $"BTF: bad header length {hdrLen}");
        }

        uint typeOff = r.U32(), typeLen = r.U32(), strOff = r.U32(), strLen = r.U32();
        ulong avail = (ulong)(data.Length - hdrLen);
        if ((ulong)typeOff + typeLen > avail)
        {
            throw r.Error(8, $"BTF: type section (off {typeOff}, len {typeLen}) past end of data");
        }

        if ((ulong)strOff + strLen > avail)
        {
            throw r.Error(16, $"BTF: string section (off {strOff}, len {strLen}) past end of data");
        }

        if ((typeOff & 3) != 0)
        {
            throw r.Error(8, $"BTF: type section offset {typeOff} not 4-byte aligned");
        }

        return new BtfHeader(be, version, flags, hdrLen, typeOff, typeLen, strOff, strLen);
    }
}
