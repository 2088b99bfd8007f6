using System.Text;
using Stapper.DebugInfo.Elf;
using Stapper.Matching;

namespace Stapper.DebugInfo.Btf;

/// <summary>
/// A BTF blob: raw (/sys/kernel/btf/*, a cached .btf) or the .BTF section of an ELF file.
/// A split BTF (a module's) continues the type ids and string offsets of its <see cref="Base"/>.
/// Opening indexes where each type record starts (one pass, one int per type); names are indexed on
/// the first lookup by name; nothing else is decoded until asked for.
/// </summary>
public sealed class BtfFile : IDisposable
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly IDisposable? _owner;
    private readonly int _typeStart;   // absolute offset of the type section in _data
    private readonly int _typeLength;
    private readonly int _strStart;
    private readonly int _strLength;
    private readonly int[] _offsets;   // per own type: offset in the type section
    private int[]? _buckets;           // name hash -> (own index + 1)
    private int[]? _next;              // chain per own index (own index + 1, 0 = end)

    public BtfFile(string name, ReadOnlyMemory<byte> data, BtfFile? baseBtf = null, IDisposable? owner = null)
    {
        Name = name;
        _data = data;
        _owner = owner;
        Base = baseBtf;
        var span = data.Span;
        Header = BtfHeader.Read(span, name);
        _typeStart = (int)(Header.HeaderLength + Header.TypeOffset);
        _typeLength = (int)Header.TypeLength;
        _strStart = (int)(Header.HeaderLength + Header.StringOffset);
        _strLength = (int)Header.StringLength;
        if (baseBtf is null && _strLength > 0 && span[_strStart] != 0)
        {
            throw new DebugInfoFormatException(name, _strStart, "BTF: string section does not start with an empty string");
        }

        if (_strLength > 0 && span[_strStart + _strLength - 1] != 0)
        {
            throw new DebugInfoFormatException(name, _strStart + _strLength - 1, "BTF: string section is not NUL-terminated");
        }

        FirstTypeId = baseBtf is null ? 1u : baseBtf.TypeCount;
        StringBase = baseBtf is null ? 0u : baseBtf.StringBase + (uint)baseBtf._strLength;
        _offsets = IndexTypes(span);
    }

    /// <summary>Opens a raw BTF file (memory-mapped) or the .BTF section of an ELF file (vmlinux, .ko, .ko.xz).</summary>
    public static BtfFile Open(string path, BtfFile? baseBtf = null)
    {
        var src = ByteSource.Open(path);
        try
        {
            var span = src.Span;
            if (span.Length >= 2 && ((span[0] == 0x9F && span[1] == 0xEB) || (span[0] == 0xEB && span[1] == 0x9F)))
            {
                return new BtfFile(path, src.Memory, baseBtf, src);
            }
        }
        catch
        {
            src.Dispose();
            throw;
        }
        src.Dispose();
        var elf = ElfFile.Open(path);
        try
        {
            return FromElf(elf, baseBtf, ownsElf: true);
        }
        catch
        {
            elf.Dispose();
            throw;
        }
    }

    /// <summary>The .BTF section of <paramref name="elf"/>; throws if it has none.</summary>
    public static BtfFile FromElf(ElfFile elf, BtfFile? baseBtf = null, bool ownsElf = false)
    {
        var sec = elf.Section(".BTF") ?? throw new DebugInfoFormatException(elf.Name, 0, "no .BTF section");
        return new BtfFile($"{elf.Name}(.BTF)", elf.SectionData(sec), baseBtf, ownsElf ? elf : null);
    }

    public string Name { get; }
    public BtfHeader Header { get; }
    public BtfFile? Base { get; }
    /// <summary>Id of this file's first own type (1 for a base, base.TypeCount for a split BTF).</summary>
    public uint FirstTypeId { get; }
    /// <summary>One past the last valid type id (void, id 0, included).</summary>
    public uint TypeCount => FirstTypeId + (uint)_offsets.Length;
    public int OwnTypeCount => _offsets.Length;
    /// <summary>String offsets below this live in the base.</summary>
    public uint StringBase { get; }
    /// <summary>The raw bytes (header, types, strings).</summary>
    public ReadOnlyMemory<byte> Data => _data;

    private int[] IndexTypes(ReadOnlySpan<byte> span)
    {
        var types = span.Slice(_typeStart, _typeLength);
        bool be = Header.BigEndian;
        var offsets = new List<int>(Math.Max(16, _typeLength / 24));
        int pos = 0;
        while (pos < types.Length)
        {
            if (types.Length - pos < 12)
            {
                throw new DebugInfoFormatException(Name, _typeStart + pos, $"BTF: truncated type record (type id {FirstTypeId + offsets.Count})");
            }

            uint info = BtfType.ReadWord(types.Slice(pos + 4, 4), be);
            var kind = (BtfKind)((info >> 24) & 0x1f);
            int vlen = (int)(info & 0xffff);
            long tail = BtfType.TailSize(kind, vlen);
            if (tail < 0)
            {
                throw new DebugInfoFormatException(Name, _typeStart + pos, $"BTF: unknown kind {(int)kind} (type id {FirstTypeId + offsets.Count})");
            }

            if (tail > types.Length - pos - 12)
            {
                throw new DebugInfoFormatException(Name, _typeStart + pos, $"BTF: type id {FirstTypeId + offsets.Count} ({kind}, vlen {vlen}) runs past the type section");
            }

            offsets.Add(pos);
            pos += 12 + (int)tail;
        }
        return offsets.ToArray();
    }

    internal uint ReadTypeWord(int offsetInTypes)
    {
        // Offsets come from IndexTypes, which checked that every record's tail fits.
        return BtfType.ReadWord(_data.Span.Slice(_typeStart + offsetInTypes, 4), Header.BigEndian);
    }

    /// <summary>The type with id <paramref name="id"/> (0 is void), looking into the base for low ids.</summary>
    public BtfType Type(uint id)
    {
        if (id == 0)
        {
            return new BtfType(this, 0, 0);
        }

        if (id < FirstTypeId)
        {
            return Base!.Type(id);
        }

        uint own = id - FirstTypeId;
        if (own >= (uint)_offsets.Length)
        {
            throw new DebugInfoFormatException(Name, _typeStart, $"BTF: type id {id} out of range (have {TypeCount})");
        }

        return new BtfType(this, id, _offsets[own]);
    }

    public bool IsValidTypeId(uint id) => id < TypeCount;

    /// <summary>This file's own types, in id order.</summary>
    public IEnumerable<BtfType> OwnTypes()
    {
        for (int i = 0; i < _offsets.Length; i++)
        {
            yield return new BtfType(this, FirstTypeId + (uint)i, _offsets[i]);
        }
    }

    /// <summary>Kind of own type <paramref name="ownIndex"/>, without building a view.</summary>
    internal BtfKind OwnKind(int ownIndex) => (BtfKind)((ReadTypeWord(_offsets[ownIndex] + 4) >> 24) & 0x1f);
    internal uint OwnNameOffset(int ownIndex) => ReadTypeWord(_offsets[ownIndex]);

    public ReadOnlySpan<byte> StringBytes(uint offset)
    {
        if (offset < StringBase)
        {
            return Base!.StringBytes(offset);
        }

        uint local = offset - StringBase;
        var strings = _data.Span.Slice(_strStart, _strLength);
        return DataReader.CStringAt(strings, local, Name, _strStart);
    }

    public string String(uint offset)
    {
        if (offset == 0)
        {
            return "";
        }

        if (offset < StringBase)
        {
            return Base!.String(offset);
        }

        return Encoding.UTF8.GetString(StringBytes(offset));
    }

    // ---- name index ----

    private static int Hash(ReadOnlySpan<byte> s)
    {
        // FNV-1a, 32 bits.
        uint h = 2166136261;
        foreach (byte b in s)
        {
            h = (h ^ b) * 16777619;
        }

        return (int)(h & 0x7fffffff);
    }

    private readonly object _indexLock = new();

    private void EnsureNameIndex()
    {
        if (Volatile.Read(ref _buckets) is not null)
        {
            return;
        }

        lock (_indexLock)
        {
            if (_buckets is null)
            {
                BuildNameIndex();
            }
        }
    }

    private void BuildNameIndex()
    {
        int n = _offsets.Length;
        int size = 16;
        while (size < n * 2)
        {
            size <<= 1;
        }

        var buckets = new int[size];
        var next = new int[n];
        for (int i = 0; i < n; i++)
        {
            uint nameOff = OwnNameOffset(i);
            if (nameOff == 0)
            {
                continue;
            }

            int b = Hash(StringBytes(nameOff)) & (size - 1);
            next[i] = buckets[b];
            buckets[b] = i + 1;
        }
        _next = next;
        Volatile.Write(ref _buckets, buckets);
    }

    /// <summary>Types named <paramref name="name"/> (optionally only of <paramref name="kind"/>):
    /// this file's own first, then the base's.</summary>
    public IEnumerable<BtfType> FindByName(string name, BtfKind? kind = null)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        for (BtfFile? f = this; f is not null; f = f.Base)
        {
            foreach (var id in f.FindOwn(utf8, kind))
            {
                yield return f.Type(id);
            }
        }
    }

    /// <summary>The first type named <paramref name="name"/> of <paramref name="kind"/>, or null.</summary>
    public BtfType? FindFirst(string name, BtfKind kind)
    {
        foreach (var t in FindByName(name, kind))
        {
            return t;
        }

        return null;
    }

    private List<uint> FindOwn(byte[] utf8, BtfKind? kind)
    {
        EnsureNameIndex();
        var result = new List<uint>(1);
        if (utf8.Length == 0)
        {
            return result;
        }

        int b = Hash(utf8) & (_buckets!.Length - 1);
        for (int i = _buckets[b]; i != 0; i = _next![i - 1])
        {
            int own = i - 1;
            if (kind is { } k && OwnKind(own) != k)
            {
                continue;
            }

            if (StringBytes(OwnNameOffset(own)).SequenceEqual(utf8))
            {
                result.Add(FirstTypeId + (uint)own);
            }
        }
        result.Reverse(); // chains are built newest-first
        return result;
    }

    /// <summary>Own types of <paramref name="kind"/> whose name matches <paramref name="glob"/> (fnmatch: * ? [..]).</summary>
    public IEnumerable<BtfType> OwnTypesMatching(BtfKind kind, string glob)
    {
        var pattern = Encoding.UTF8.GetBytes(glob);
        bool literal = !Glob.HasWildcards(glob);
        for (int i = 0; i < _offsets.Length; i++)
        {
            if (OwnKind(i) != kind)
            {
                continue;
            }

            uint nameOff = OwnNameOffset(i);
            if (nameOff == 0)
            {
                continue;
            }

            var nm = StringBytes(nameOff);
            if (literal ? nm.SequenceEqual(pattern) : Glob.Match((ReadOnlySpan<byte>)pattern, nm))
            {
                yield return new BtfType(this, FirstTypeId + (uint)i, _offsets[i]);
            }
        }
    }

    public void Dispose() => _owner?.Dispose();
}
