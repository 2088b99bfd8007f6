using System.Buffers.Binary;
using System.Text;

namespace Stapper.DebugInfo.Elf;

/// <summary>
/// An ELF file over borrowed bytes (normally a memory-mapped file). The header is read on open;
/// section headers, segments, symbols and notes are read when first asked for.
/// </summary>
public sealed class ElfFile : IDisposable
{
    private readonly ByteSource _source;
    private readonly bool _ownsSource;
    private ElfSection[]? _sections;
    private ElfSegment[]? _segments;
    private Dictionary<string, int>? _sectionsByName;
    private ElfSymbol[]? _symtab;
    private ElfSymbol[]? _dynsym;

    private ElfFile(ByteSource source, bool ownsSource)
    {
        _source = source;
        _ownsSource = ownsSource;
        Header = ElfHeader.Read(source.Span, source.Name);
    }

    /// <summary>READ applied to the ELF file at PATH; null when PATH is not an ELF file that can be read.</summary>
    public static T? TryRead<T>(string path, Func<ElfFile, T> read) where T : class
    {
        try
        {
            using var elf = Open(path);
            return read(elf);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Opens (memory-maps) an ELF file. A .ko.xz / .ko.zst / .ko.gz is decompressed into memory first.</summary>
    public static ElfFile Open(string path)
    {
        var src = ByteSource.Open(path);
        try
        {
            if (!src.Span.StartsWith("\u007fELF"u8))
            {
                var decoded = Decompression.ByMagic(src.Span, path);
                if (decoded is not null)
                {
                    src.Dispose();
                    src = ByteSource.FromArray(path, decoded);
                }
            }
            return new ElfFile(src, true);
        }
        catch
        {
            src.Dispose();
            throw;
        }
    }

    /// <summary>Reads an ELF image held in memory.</summary>
    public static ElfFile FromBytes(string name, byte[] data) => new(ByteSource.FromArray(name, data), true);

    /// <summary>Reads an ELF image from a source the caller keeps alive and disposes.</summary>
    public static ElfFile FromSource(ByteSource source) => new(source, false);

    public string Name => _source.Name;
    public ElfHeader Header { get; }
    public ReadOnlySpan<byte> Data => _source.Span;
    public bool BigEndian => Header.BigEndian;

    internal DataReader Reader(ReadOnlySpan<byte> data, long baseOffset) => new(data, Name, baseOffset, Header.BigEndian);

    public IReadOnlyList<ElfSection> Sections => _sections ??= ReadSections();
    public IReadOnlyList<ElfSegment> Segments => _segments ??= ReadSegments();

    public ElfSection? Section(string name)
    {
        if (_sectionsByName is null)
        {
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var s in Sections)
            {
                map.TryAdd(s.Name, s.Index);
            }

            _sectionsByName = map;
        }
        return _sectionsByName.TryGetValue(name, out int i) ? Sections[i] : null;
    }

    /// <summary>The raw bytes of a section as stored in the file (still compressed if SHF_COMPRESSED).</summary>
    public ReadOnlySpan<byte> RawData(ElfSection section)
    {
        if (!section.HasFileData || section.Size == 0)
        {
            return [];
        }

        if (section.Offset > (ulong)Data.Length || section.Size > (ulong)Data.Length - section.Offset)
        {
            throw new DebugInfoFormatException(Name, (long)Math.Min(section.Offset, long.MaxValue),
                $"section {section.Name} [{section.Index}] (offset 0x{section.Offset:x}, size 0x{section.Size:x}) extends past end of file ({Data.Length} bytes)");
        }

        return Data.Slice((int)section.Offset, (int)section.Size);
    }

    /// <summary>Section contents, decompressed if SHF_COMPRESSED (zlib, zstd) or a legacy .zdebug_* section.
    /// Not relocated: see <see cref="ElfRelocations"/>.</summary>
    public ReadOnlyMemory<byte> SectionData(ElfSection section)
    {
        var raw = RawData(section);
        if (section.IsCompressed)
        {
            return ElfCompression.Decompress(this, section, raw);
        }

        if (section.Name.StartsWith(".zdebug", StringComparison.Ordinal) && raw.StartsWith("ZLIB"u8))
        {
            return ElfCompression.DecompressZdebug(this, section, raw);
        }

        return MemoryFromSpan(section, raw);
    }

    /// <summary>Data of the named section, or null if absent.</summary>
    public ReadOnlyMemory<byte>? SectionData(string name)
    {
        var s = Section(name);
        if (s is null && name.StartsWith(".debug_", StringComparison.Ordinal))
        {
            s = Section(".zdebug_" + name[7..]);
        }

        return s is null ? null : SectionData(s);
    }

    private ReadOnlyMemory<byte> MemoryFromSpan(ElfSection section, ReadOnlySpan<byte> raw) =>
        raw.IsEmpty ? ReadOnlyMemory<byte>.Empty : _source.Memory.Slice((int)section.Offset, raw.Length);

    private ElfSection[] ReadSections()
    {
        var h = Header;
        if (h.SectionHeaderOffset == 0 || h.SectionHeaderCount == 0)
        {
            return [];
        }

        ulong entsize = h.SectionHeaderEntrySize;
        ulong total = entsize * h.SectionHeaderCount;
        if (h.SectionHeaderOffset > (ulong)Data.Length || total > (ulong)Data.Length - h.SectionHeaderOffset)
        {
            throw new DebugInfoFormatException(Name, (long)Math.Min(h.SectionHeaderOffset, long.MaxValue),
                $"section header table ({h.SectionHeaderCount} entries) extends past end of file");
        }

        var raw = new (uint name, uint type, ulong flags, ulong addr, ulong off, ulong size, uint link, uint info, ulong align, ulong entsize)[h.SectionHeaderCount];
        for (int i = 0; i < raw.Length; i++)
        {
            long at = (long)(h.SectionHeaderOffset + (ulong)i * entsize);
            var r = Reader(Data.Slice((int)at, (int)entsize), at);
            if (h.Is64)
            {
                raw[i] = (r.U32(), r.U32(), r.U64(), r.U64(), r.U64(), r.U64(), r.U32(), r.U32(), r.U64(), r.U64());
            }
            else
            {
                raw[i] = (r.U32(), r.U32(), r.U32(), r.U32(), r.U32(), r.U32(), r.U32(), r.U32(), r.U32(), r.U32());
            }
        }
        ReadOnlySpan<byte> strtab = [];
        long strBase = 0;
        if (h.SectionNameTableIndex != 0 && h.SectionNameTableIndex < raw.Length)
        {
            var s = raw[h.SectionNameTableIndex];
            if (s.type != ElfSectionType.NoBits)
            {
                if (s.off > (ulong)Data.Length || s.size > (ulong)Data.Length - s.off)
                {
                    throw new DebugInfoFormatException(Name, (long)Math.Min(s.off, long.MaxValue), "section name table extends past end of file");
                }

                strtab = Data.Slice((int)s.off, (int)s.size);
                strBase = (long)s.off;
            }
        }
        var result = new ElfSection[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            var s = raw[i];
            string name = strtab.IsEmpty ? "" : Encoding.UTF8.GetString(DataReader.CStringAt(strtab, s.name, Name, strBase));
            result[i] = new ElfSection(i, name, s.type, (ElfSectionFlags)s.flags, s.addr, s.off, s.size, s.link, s.info, s.align, s.entsize);
        }
        return result;
    }

    private ElfSegment[] ReadSegments()
    {
        var h = Header;
        if (h.ProgramHeaderOffset == 0 || h.ProgramHeaderCount == 0)
        {
            return [];
        }

        ulong entsize = h.ProgramHeaderEntrySize;
        int want = h.Is64 ? 56 : 32;
        if (entsize < (ulong)want)
        {
            throw new DebugInfoFormatException(Name, h.Is64 ? 0x36 : 0x2a, $"program header entry size {entsize} smaller than {want}");
        }

        ulong total = entsize * h.ProgramHeaderCount;
        if (h.ProgramHeaderOffset > (ulong)Data.Length || total > (ulong)Data.Length - h.ProgramHeaderOffset)
        {
            throw new DebugInfoFormatException(Name, (long)Math.Min(h.ProgramHeaderOffset, long.MaxValue), "program header table extends past end of file");
        }

        var result = new ElfSegment[h.ProgramHeaderCount];
        for (int i = 0; i < result.Length; i++)
        {
            long at = (long)(h.ProgramHeaderOffset + (ulong)i * entsize);
            var r = Reader(Data.Slice((int)at, (int)entsize), at);
            if (h.Is64)
            {
                uint type = r.U32(), flags = r.U32();
                ulong off = r.U64(), va = r.U64(), pa = r.U64(), fsz = r.U64(), msz = r.U64(), al = r.U64();
                result[i] = new ElfSegment(i, type, (ElfSegmentFlags)flags, off, va, pa, fsz, msz, al);
            }
            else
            {
                uint type = r.U32(), off = r.U32(), va = r.U32(), pa = r.U32(), fsz = r.U32(), msz = r.U32(), flags = r.U32(), al = r.U32();
                result[i] = new ElfSegment(i, type, (ElfSegmentFlags)flags, off, va, pa, fsz, msz, al);
            }
        }
        return result;
    }

    /// <summary>Symbols of .symtab (or .dynsym when <paramref name="dynamic"/>); empty if absent. Read once: vmlinux's
    /// table is asked for by several lookups in one run (@var's anchors, clones, statements, .init functions).</summary>
    public IReadOnlyList<ElfSymbol> Symbols(bool dynamic = false) =>
        dynamic ? _dynsym ??= ReadSymbols(ElfSectionType.DynSym) : _symtab ??= ReadSymbols(ElfSectionType.SymTab);

    private ElfSymbol[] ReadSymbols(uint type) =>
        Sections.FirstOrDefault(s => s.Type == type) is { } sec ? ElfSymbolTable.Read(this, sec) : [];

    /// <summary>All notes, from SHT_NOTE sections, or from PT_NOTE segments if the file has no sections.</summary>
    public IReadOnlyList<ElfNote> Notes()
    {
        var notes = new List<ElfNote>();
        var noteSections = Sections.Where(s => s.Type == ElfSectionType.Note).ToList();
        if (noteSections.Count > 0)
        {
            foreach (var s in noteSections)
            {
                notes.AddRange(ElfNote.Parse(RawData(s), Name, (long)s.Offset, BigEndian, s.AddressAlign));
            }

            return notes;
        }
        foreach (var p in Segments)
        {
            if (p.Type != ElfSegmentType.Note || p.FileSize == 0)
            {
                continue;
            }

            if (p.Offset > (ulong)Data.Length || p.FileSize > (ulong)Data.Length - p.Offset)
            {
                throw new DebugInfoFormatException(Name, (long)Math.Min(p.Offset, long.MaxValue), "note segment extends past end of file");
            }

            notes.AddRange(ElfNote.Parse(Data.Slice((int)p.Offset, (int)p.FileSize), Name, (long)p.Offset, BigEndian, p.Align));
        }
        return notes;
    }

    /// <summary>The GNU build-id as lowercase hex, or null.</summary>
    public string? BuildId()
    {
        var n = Notes().FirstOrDefault(n => n.IsBuildId);
        return n is null ? null : Convert.ToHexStringLower(n.Descriptor);
    }

    internal uint ReadU32(ReadOnlySpan<byte> s) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

    public void Dispose()
    {
        if (_ownsSource)
        {
            _source.Dispose();
        }
    }
}
