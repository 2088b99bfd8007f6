namespace Stapper.DebugInfo.Dwarf;

/// <summary>One debug section's bytes (decompressed, relocated for ET_REL files), named for error messages.</summary>
public readonly struct DwarfSection
{
    public DwarfSection(string file, string name, ReadOnlyMemory<byte> data)
    {
        File = file;
        Name = name;
        Data = data;
    }

    public string File { get; }
    public string Name { get; }
    public ReadOnlyMemory<byte> Data { get; }
    public bool IsEmpty => Data.IsEmpty;
    public int Length => Data.Length;
    public string Label => $"{File}({Name})";

    /// <summary>A reader positioned at <paramref name="offset"/>, which may be at most the section length.</summary>
    public DataReader Reader(ulong offset, bool bigEndian = false)
    {
        if (offset > (ulong)Data.Length)
        {
            throw new DebugInfoFormatException(Label, (long)Math.Min(offset, long.MaxValue), $"offset 0x{offset:x} past end of {Name} ({Data.Length} bytes)");
        }

        return new DataReader(Data.Span, Label, 0, bigEndian) { Position = (int)offset };
    }

    /// <summary>A reader over [offset, offset+length).</summary>
    public DataReader Reader(ulong offset, ulong length, bool bigEndian = false)
    {
        if (offset > (ulong)Data.Length || length > (ulong)Data.Length - offset)
        {
            throw new DebugInfoFormatException(Label, (long)Math.Min(offset, long.MaxValue), $"range 0x{offset:x}+0x{length:x} past end of {Name} ({Data.Length} bytes)");
        }

        var r = new DataReader(Data.Span[..(int)(offset + length)], Label, 0, bigEndian) { Position = (int)offset };
        return r;
    }

    public DebugInfoFormatException Error(ulong offset, string message) => new(Label, (long)Math.Min(offset, long.MaxValue), message);

    public string CString(ulong offset)
    {
        var s = DataReader.CStringAt(Data.Span, (long)Math.Min(offset, long.MaxValue), Label, 0);
        return System.Text.Encoding.UTF8.GetString(s);
    }
}
