using Stapper.DebugInfo.Elf;
using Stapper.Matching;

namespace Stapper.DebugInfo.Dwarf;

/// <summary>
/// The DWARF of one ELF file. Sections are fetched (decompressed, and relocated for ET_REL files such as
/// kernel modules) on first use; unit headers are scanned on first use; DIE trees per unit on demand.
/// </summary>
public sealed class DwarfFile : IDisposable
{
    private readonly ElfFile _elf;
    private readonly bool _ownsElf;
    private readonly Dictionary<string, DwarfSection> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, DwarfAbbrevTable> _abbrevs = new();
    private List<DwarfUnit>? _units;
    private readonly Dictionary<ulong, DwarfLineProgram> _lines = new();

    private DwarfFile(ElfFile elf, bool ownsElf)
    {
        _elf = elf;
        _ownsElf = ownsElf;
    }

    public static DwarfFile Open(string path)
    {
        var elf = ElfFile.Open(path);
        return new DwarfFile(elf, true);
    }

    public static DwarfFile FromElf(ElfFile elf, bool ownsElf = false) => new(elf, ownsElf);

    public ElfFile Elf => _elf;

    /// <summary>This file's CFI rows, read on first use; none in a relocatable file, whose sections all start at 0 (its
    /// code's rows are per section, <see cref="CallFramesIn"/>).</summary>
    public IReadOnlyList<CallFrameRow> CallFrames =>
        _callFrames ??= _elf.Header.Type == ElfType.Relocatable ? [] : CallFrameTable.Read(_elf);

    private IReadOnlyList<CallFrameRow>? _callFrames;

    /// <summary>The CFI rows for code of section <paramref name="section"/>: a module's relocated .debug_frame, only that
    /// section's FDEs (read once per section); a linked file's <see cref="CallFrames"/>.</summary>
    public IReadOnlyList<CallFrameRow> CallFramesIn(uint section)
    {
        if (_elf.Header.Type != ElfType.Relocatable)
        {
            return CallFrames;
        }
        lock (_sectionFrames)
        {
            if (!_sectionFrames.TryGetValue(section, out var rows))
            {
                _sectionFrames[section] = rows = CallFrameTable.ReadRelocatable(_elf, section);
            }
            return rows;
        }
    }

    private readonly Dictionary<uint, IReadOnlyList<CallFrameRow>> _sectionFrames = new();

    /// <summary>For a split DWARF object opened by <see cref="OpenSplitUnit"/>: the skeleton unit, whose .debug_addr
    /// (and addr_base, base address) its DW_FORM_addrx values index.</summary>
    public DwarfUnit? Skeleton { get; internal set; }

    /// <summary>The split DWARF object (.dwo, gcc -gsplit-dwarf) of a skeleton unit of this file, found by DW_AT_dwo_name
    /// under DW_AT_comp_dir or beside this file; null if absent. Its addresses resolve through this file's .debug_addr.</summary>
    /// <exception cref="DebugInfoFormatException">The .dwo is malformed or belongs to another build (DWO id).</exception>
    public DwarfFile? OpenSplitUnit(DwarfUnit skeleton)
    {
        var root = skeleton.Root;
        var dwoName = (root.Attribute(DwAt.DwoName) ?? root.Attribute(DwAt.GNUDwoName))?.Value.String;
        if (dwoName is null)
        {
            return null;
        }

        var compDir = root.StringAttr(DwAt.CompDir);
        var candidates = new List<string>();
        if (Path.IsPathRooted(dwoName))
        {
            candidates.Add(dwoName);
        }
        else if (compDir is not null)
        {
            candidates.Add(Path.Combine(compDir, dwoName));
        }

        candidates.Add(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Name)) ?? ".", Path.GetFileName(dwoName)));
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }

        var dwo = Open(path);
        dwo.Skeleton = skeleton;
        ulong id = skeleton.Version >= 5 ? skeleton.DwoId : root.ConstantAttr(DwAt.GNUDwoId) ?? 0;
        var split = dwo.Units.FirstOrDefault(u => u.UnitType == DwUt.SplitCompile || u.Version < 5);
        ulong splitId = split is null ? 0 : split.Version >= 5 ? split.DwoId : split.Root.ConstantAttr(DwAt.GNUDwoId) ?? 0;
        if (split is null || splitId != id)
        {
            dwo.Dispose();
            throw new DebugInfoFormatException(path, 0, $"split unit id 0x{splitId:x} does not match skeleton's 0x{id:x} ({Name})");
        }
        return dwo;
    }
    public string Name => _elf.Name;
    public bool HasDebugInfo => !Info.IsEmpty;

    public DwarfSection Section(string name)
    {
        lock (_sections)
        {
            if (_sections.TryGetValue(name, out var s))
            {
                return s;
            }
            // Split DWARF objects (.dwo) name their sections ".debug_info.dwo" etc.
            var sec = _elf.Section(name) ?? _elf.Section(".zdebug_" + name[7..]) ?? _elf.Section(name + ".dwo");
            ReadOnlyMemory<byte> data = sec is null ? ReadOnlyMemory<byte>.Empty : ElfRelocations.RelocatedSectionData(_elf, sec);
            s = new DwarfSection(_elf.Name, name, data);
            _sections[name] = s;
            return s;
        }
    }

    public DwarfSection Info => Section(".debug_info");
    public DwarfSection Abbrev => Section(".debug_abbrev");
    public DwarfSection Str => Section(".debug_str");
    public DwarfSection LineStr => Section(".debug_line_str");
    public DwarfSection StrOffsets => Section(".debug_str_offsets");
    public DwarfSection Addr => Section(".debug_addr");
    public DwarfSection RngLists => Section(".debug_rnglists");
    public DwarfSection DebugRanges => Section(".debug_ranges");
    public DwarfSection LocLists => Section(".debug_loclists");
    public DwarfSection DebugLoc => Section(".debug_loc");
    public DwarfSection Line => Section(".debug_line");

    internal DwarfAbbrevTable AbbrevTable(ulong offset)
    {
        lock (_abbrevs)
        {
            if (!_abbrevs.TryGetValue(offset, out var t))
            {
                t = DwarfAbbrevTable.Parse(Abbrev, offset);
                _abbrevs[offset] = t;
            }
            return t;
        }
    }

    /// <summary>All units of .debug_info (headers only).</summary>
    public IReadOnlyList<DwarfUnit> Units
    {
        get
        {
            if (_units is not null)
            {
                return _units;
            }

            var units = new List<DwarfUnit>();
            var info = Info;
            ulong off = 0;
            while (off < (ulong)info.Length)
            {
                var u = DwarfUnit.ReadHeader(this, info, off);
                units.Add(u);
                off = u.End;
            }
            return _units = units;
        }
    }

    private List<DwarfUnit>? _typeUnitsV4;

    /// <summary>DWARF 4 type units (gcc -gdwarf-4 -fdebug-types-section), from .debug_types; headers only.</summary>
    public IReadOnlyList<DwarfUnit> TypeUnits
    {
        get
        {
            if (_typeUnitsV4 is not null)
            {
                return _typeUnitsV4;
            }

            var units = new List<DwarfUnit>();
            var types = Types;
            ulong off = 0;
            while (off < (ulong)types.Length)
            {
                var u = DwarfUnit.ReadHeader(this, types, off);
                units.Add(u);
                off = u.End;
            }
            return _typeUnitsV4 = units;
        }
    }

    public DwarfSection Types => Section(".debug_types");

    /// <summary>The unit containing .debug_info offset <paramref name="offset"/>, or null.</summary>
    public DwarfUnit? UnitContaining(ulong offset)
    {
        var units = Units;
        int lo = 0, hi = units.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            var u = units[mid];
            if (offset < u.Offset)
            {
                hi = mid - 1;
            }
            else if (offset >= u.End)
            {
                lo = mid + 1;
            }
            else
            {
                return u;
            }
        }
        return null;
    }

    private Dictionary<ulong, DwarfUnit>? _typeUnits;

    /// <summary>The type DIE of the DWARF 5 type unit (DW_UT_type) with signature <paramref name="signature"/>, or null.</summary>
    public DwarfDie? TypeUnitDie(ulong signature)
    {
        if (_typeUnits is null)
        {
            var map = new Dictionary<ulong, DwarfUnit>();
            foreach (var u in Units.Concat(TypeUnits))
            {
                if (u.UnitType is DwUt.Type or DwUt.SplitType)
                {
                    map.TryAdd(u.TypeSignature, u);
                }
            }

            _typeUnits = map;
        }
        return _typeUnits.TryGetValue(signature, out var tu) ? tu.DieAt(tu.Offset + tu.TypeOffset) : null;
    }

    /// <summary>A DIE by <see cref="DwarfNameIndex"/> key: a .debug_info offset, or a .debug_types offset with bit 63 set.</summary>
    internal DwarfDie? IndexedDieAt(ulong key)
    {
        if ((key & 1UL << 63) == 0)
        {
            return DieAt(key);
        }

        ulong off = key & ~(1UL << 63);
        foreach (var u in TypeUnits)
        {
            if (off >= u.Offset && off < u.End)
            {
                return u.DieAt(off);
            }
        }

        return null;
    }

    /// <summary>The DIE at absolute .debug_info offset, or null if no DIE starts there.</summary>
    public DwarfDie? DieAt(ulong offset) => UnitContaining(offset)?.DieAt(offset);

    /// <summary>The line program at .debug_line offset (cached).</summary>
    public DwarfLineProgram LineProgram(ulong offset, DwarfUnit? unit = null)
    {
        lock (_lines)
        {
            if (!_lines.TryGetValue(offset, out var p))
            {
                p = DwarfLineProgram.Parse(this, offset, unit);
                _lines[offset] = p;
            }
            return p;
        }
    }

    /// <summary>The line program of a unit (DW_AT_stmt_list), or null.</summary>
    public DwarfLineProgram? LineProgram(DwarfUnit unit)
    {
        var a = unit.Root.Attribute(DwAt.StmtList);
        if (a is null)
        {
            return null;
        }

        return LineProgram(a.Value.Value.Value, unit);
    }

    /// <summary>Functions with code or declarations (DW_TAG_subprogram), all units.</summary>
    public IEnumerable<DwarfFunction> Functions()
    {
        foreach (var u in Units)
        {
            if (u.UnitType is not (DwUt.Compile or DwUt.Partial or DwUt.Skeleton or DwUt.SplitCompile))
            {
                continue;
            }

            foreach (var d in u.Entries())
            {
                if (d.Tag == DwTag.Subprogram)
                {
                    yield return new DwarfFunction(d);
                }
            }
        }
    }

    private DwarfNameIndex? _names;
    // Lock order: _indexLock, then _lines, then _abbrevs, then _sections (never the other way).
    private readonly object _indexLock = new();

    /// <summary>Function and type names, built once on first use by a streaming pass that keeps no DIE trees.</summary>
    private DwarfNameIndex Names()
    {
        lock (_indexLock)
        {
            return _names ??= DwarfNameIndex.Build(this);
        }
    }

    /// <summary>The names of the functions DWARF describes, out of line or only inlined (where stap looks for "similar
    /// functions").</summary>
    public IEnumerable<string> FunctionNames => Names().Functions.Keys.Concat(Names().Inlined.Keys);

    /// <summary>Functions named <paramref name="glob"/> (or matching it as a glob) that have code, in DIE order.</summary>
    public IEnumerable<DwarfFunction> FunctionsMatching(string glob)
    {
        var index = Names().Functions;
        var hits = new List<ulong>();
        if (!Glob.HasWildcards(glob))
        {
            if (index.TryGetValue(glob, out var exact))
            {
                hits.AddRange(exact);
            }
        }
        else
        {
            foreach (var (name, offsets) in index)
            {
                if (Glob.Match(glob, name))
                {
                    hits.AddRange(offsets);
                }
            }

            hits.Sort();
        }
        foreach (var off in hits)
        {
            var f = new DwarfFunction(DieAt(off) ?? throw Info.Error(off, "indexed function DIE vanished"));
            if (f.HasCode)
            {
                yield return f;
            }
        }
    }

    /// <summary>Compile units holding a function with code named like <paramref name="glob"/>, in unit order (where a
    /// statement probe's function and its inlined copies are looked for).</summary>
    public IEnumerable<DwarfUnit> UnitsWithFunctions(string glob)
    {
        var units = new HashSet<ulong>();
        foreach (var (name, offsets) in Names().Functions)
        {
            if (Glob.Match(glob, name))
            {
                foreach (var o in offsets)
                {
                    if (UnitContaining(o) is { } u)
                    {
                        units.Add(u.Offset);
                    }
                }
            }
        }
        return Units.Where(u => units.Contains(u.Offset));
    }

    /// <summary>Named abstract subprograms the compiler inlined, by name (the streaming index's; see
    /// <see cref="InlinedFunctionIndex"/>, which keeps it across runs).</summary>
    public IReadOnlyDictionary<string, ulong[]> InlinedOrigins => Names().Inlined;

    /// <summary>
    /// The inlined instances (DW_TAG_inlined_subroutine with code) of the functions named like <paramref name="glob"/>,
    /// as stap's <c>function("f")</c> finds them: each instance whose DW_AT_abstract_origin is an abstract subprogram of
    /// that name, in unit and DIE order. Only units holding such an abstract subprogram are read.
    /// </summary>
    public IEnumerable<DwarfFunction> InlinedInstances(string glob)
    {
        var index = Names().Inlined;
        var origins = new List<ulong>();
        if (!Glob.HasWildcards(glob))
        {
            if (index.TryGetValue(glob, out var exact))
            {
                origins.AddRange(exact);
            }
        }
        else
        {
            origins.AddRange(index.Where(e => Glob.Match(glob, e.Key)).SelectMany(e => e.Value));
        }
        return InlinedInstances(origins);
    }

    /// <summary>The inlined instances (with code) whose DW_AT_abstract_origin is one of <paramref name="abstractOrigins"/>.</summary>
    public IEnumerable<DwarfFunction> InlinedInstances(IEnumerable<ulong> abstractOrigins)
    {
        var origins = abstractOrigins.ToList();
        origins.Sort();
        var byUnit = new Dictionary<ulong, HashSet<ulong>>();
        foreach (var o in origins)
        {
            if (UnitContaining(o) is { } u)
            {
                if (!byUnit.TryGetValue(u.Offset, out var set))
                {
                    byUnit[u.Offset] = set = [];
                }
                set.Add(o);
            }
        }
        foreach (var unit in Units.Where(u => byUnit.ContainsKey(u.Offset)))
        {
            var wanted = byUnit[unit.Offset];
            foreach (var die in unit.Entries())
            {
                if (die.Tag == DwTag.InlinedSubroutine && die.Ref(DwAt.AbstractOrigin) is { } origin && wanted.Contains(origin.Offset)
                    && die.Ranges().Count > 0)
                {
                    yield return new DwarfFunction(die);
                }
            }
        }
    }

    /// <summary>
    /// Functions named like <paramref name="glob"/>, with code, whose declaring file matches <paramref name="fileMatches"/>
    /// (stap's <c>function("f@FILE")</c>). Only units whose line table names a matching file are read.
    /// </summary>
    public IEnumerable<DwarfFunction> FunctionsDeclaredIn(string glob, Func<string, bool> fileMatches)
    {
        var units = new HashSet<ulong>();
        foreach (var u in Units)
        {
            if (u.UnitType is DwUt.Compile or DwUt.Partial && LineProgram(u) is { } lines && lines.Files.Any(f => fileMatches(f.Path)))
            {
                units.Add(u.Offset);
            }
        }
        var hits = new List<ulong>();
        foreach (var (name, offsets) in Names().Functions)
        {
            if (Glob.Match(glob, name))
            {
                hits.AddRange(offsets.Where(o => UnitContaining(o) is { } u && units.Contains(u.Offset)));
            }
        }
        hits.Sort();
        foreach (var off in hits)
        {
            var f = new DwarfFunction(DieAt(off) ?? throw Info.Error(off, "indexed function DIE vanished"));
            if (f.HasCode && (f.DeclFile is not { } file || fileMatches(file)))
            {
                yield return f;
            }
        }
    }

    private readonly Dictionary<(ulong, ulong), TypeInfo> _types = new();

    internal TypeInfo TypeCache(ulong offset, ulong dim, Func<TypeInfo> create)
    {
        lock (_types)
        {
            if (!_types.TryGetValue((offset, dim), out var t))
            {
                t = create();
                _types[(offset, dim)] = t;
            }
            return t;
        }
    }

    /// <summary>The type DIE at .debug_info offset as a <see cref="TypeInfo"/>.</summary>
    public TypeInfo TypeAt(ulong offset) => DwarfTypeInfo.At(this, offset);

    /// <summary>@cast's lookup: <paramref name="name"/> as written, else as a struct, union or enum tag.</summary>
    public TypeInfo? FindCastType(string name)
    {
        name = name.Trim();
        return FindType(name) ?? FindType("struct " + name) ?? FindType("union " + name) ?? FindType("enum " + name);
    }

    /// <summary>First defined struct/union/enum/typedef/base type by name: "struct x", "union x", "enum x", "x".</summary>
    public TypeInfo? FindType(string cName)
    {
        cName = cName.Trim();
        int tag = -1;
        string name = cName;
        if (cName.StartsWith("struct ", StringComparison.Ordinal)) { tag = DwTag.StructureType; name = cName[7..].Trim(); }
        else if (cName.StartsWith("union ", StringComparison.Ordinal)) { tag = DwTag.UnionType; name = cName[6..].Trim(); }
        else if (cName.StartsWith("enum ", StringComparison.Ordinal)) { tag = DwTag.EnumerationType; name = cName[5..].Trim(); }
        var index = Names().Types;
        if (tag >= 0)
        {
            return index.TryGetValue((tag, name), out var off) ? DwarfTypeInfo.Of(IndexedDieAt(off)!) : null;
        }

        if (index.TryGetValue((DwTag.Typedef, name), out var t))
        {
            return DwarfTypeInfo.Of(IndexedDieAt(t)!);
        }

        return index.TryGetValue((DwTag.BaseType, name), out var b) ? DwarfTypeInfo.Of(IndexedDieAt(b)!) : null;
    }

    public void Dispose()
    {
        if (_ownsElf)
        {
            _elf.Dispose();
        }
    }
}
