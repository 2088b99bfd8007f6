using System.Buffers.Binary;
using System.Text;

namespace Stapper.DebugInfo;

/// <summary>
/// Bounds-checked cursor over borrowed bytes. Every read past the end throws
/// <see cref="DebugInfoFormatException"/> naming the file and the absolute offset.
/// </summary>
public ref struct DataReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    /// <param name="data">The bytes to read.</param>
    /// <param name="file">Name used in exceptions.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/>[0] within <paramref name="file"/>, for messages.</param>
    /// <param name="bigEndian">Byte order of multi-byte values.</param>
    public DataReader(ReadOnlySpan<byte> data, string file, long baseOffset = 0, bool bigEndian = false)
    {
        _data = data;
        _pos = 0;
        File = file;
        BaseOffset = baseOffset;
        BigEndian = bigEndian;
    }

    public string File { get; }
    public long BaseOffset { get; }
    public bool BigEndian { get; }

    public int Position
    {
        readonly get => _pos;
        set
        {
            if ((uint)value > (uint)_data.Length)
            {
                throw Error(value, $"seek to {value} past end ({_data.Length} bytes)");
            }

            _pos = value;
        }
    }

    public readonly int Length => _data.Length;
    public readonly int Remaining => _data.Length - _pos;
    public readonly bool AtEnd => _pos >= _data.Length;
    public readonly ReadOnlySpan<byte> Data => _data;

    public readonly DebugInfoFormatException Error(long at, string message) =>
        new(File, BaseOffset + at, message);

    public readonly DebugInfoFormatException Error(string message) => Error(_pos, message);

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > _data.Length - _pos)
        {
            throw Error($"truncated: need {n} bytes, {_data.Length - _pos} left");
        }

        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public void Skip(long n)
    {
        if (n < 0 || n > _data.Length - _pos)
        {
            throw Error($"truncated: cannot skip {n} bytes, {_data.Length - _pos} left");
        }

        _pos += (int)n;
    }

    public ReadOnlySpan<byte> Bytes(long n)
    {
        if (n > int.MaxValue)
        {
            throw Error($"length {n} too large");
        }

        return Take((int)n);
    }

    public byte U8() => Take(1)[0];
    public sbyte I8() => (sbyte)Take(1)[0];
    public ushort U16() { var s = Take(2); return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s); }
    public short I16() => (short)U16();
    public uint U32() { var s = Take(4); return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s); }
    public int I32() => (int)U32();
    public ulong U64() { var s = Take(8); return BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s); }
    public long I64() => (long)U64();

    /// <summary>Unsigned value of <paramref name="size"/> bytes (1, 2, 3, 4 or 8).</summary>
    public ulong UN(int size) => size switch
    {
        1 => U8(),
        2 => U16(),
        3 => BigEndian ? ((ulong)U16() << 8) | U8() : U16() | ((ulong)U8() << 16),
        4 => U32(),
        8 => U64(),
        _ => throw Error($"unsupported value size {size}"),
    };

    /// <summary>Address of 4 or 8 bytes.</summary>
    public ulong Address(int size) => size switch
    {
        4 => U32(),
        8 => U64(),
        2 => U16(),
        1 => U8(),
        _ => throw Error($"unsupported address size {size}"),
    };

    public ulong Uleb128()
    {
        ulong result = 0;
        int shift = 0;
        int start = _pos;
        while (true)
        {
            if (_pos >= _data.Length)
            {
                throw Error(start, "truncated LEB128");
            }

            byte b = _data[_pos++];
            if (shift < 64)
            {
                result |= (ulong)(b & 0x7f) << shift;
            }
            else if ((b & 0x7f) != 0)
            {
                throw Error(start, "LEB128 overflows 64 bits");
            }

            shift += 7;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    public long Sleb128()
    {
        long result = 0;
        int shift = 0;
        int start = _pos;
        byte b;
        do
        {
            if (_pos >= _data.Length)
            {
                throw Error(start, "truncated LEB128");
            }

            b = _data[_pos++];
            if (shift < 64)
            {
                result |= (long)(b & 0x7f) << shift;
            }

            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0)
        {
            result |= -1L << shift;
        }

        return result;
    }

    /// <summary>NUL-terminated bytes (without the NUL).</summary>
    public ReadOnlySpan<byte> CStringBytes()
    {
        var rest = _data[_pos..];
        int n = rest.IndexOf((byte)0);
        if (n < 0)
        {
            throw Error("unterminated string");
        }

        _pos += n + 1;
        return rest[..n];
    }

    public string CString() => Encoding.UTF8.GetString(CStringBytes());

    /// <summary>NUL-terminated string at <paramref name="offset"/> in <paramref name="table"/>.</summary>
    public static ReadOnlySpan<byte> CStringAt(ReadOnlySpan<byte> table, long offset, string file, long tableBase)
    {
        if ((ulong)offset >= (ulong)table.Length)
        {
            throw new DebugInfoFormatException(file, tableBase + offset, $"string offset {offset} outside string table of {table.Length} bytes");
        }

        var rest = table[(int)offset..];
        int n = rest.IndexOf((byte)0);
        if (n < 0)
        {
            throw new DebugInfoFormatException(file, tableBase + offset, "unterminated string");
        }

        return rest[..n];
    }
}
