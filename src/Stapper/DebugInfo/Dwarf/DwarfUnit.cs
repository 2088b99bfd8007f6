namespace Stapper.DebugInfo.Dwarf;

/// <summary>
/// A unit header in .debug_info (DWARF 2-5: compile, type, partial, skeleton, split units). The DIE tree is
/// read on first access to <see cref="Root"/>/<see cref="Entries"/>, one pass, a few ints per DIE.
/// </summary>
public sealed class DwarfUnit
{
    private readonly DwarfFile _file;
    private DwarfAbbrevTable? _abbrevs;
    private int[]? _dieOffsets;  // relative to unit start? absolute offsets in .debug_info
    private int[]? _parents;
    private int[]? _depths;
    private DwarfAbbrev[]? _dieAbbrevs;
    private bool _basesRead;
    private ulong _strOffsetsBase, _addrBase, _rnglistsBase, _loclistsBase, _baseAddress;
    private bool _hasRnglistsBase, _hasLoclistsBase;

    internal DwarfUnit(DwarfFile file, DwarfSection section, ulong offset, ulong totalLength, bool is64, int version, int unitType, int addressSize,
        ulong abbrevOffset, ulong headerSize, ulong typeSignature, ulong typeOffset, ulong dwoId)
    {
        _file = file;
        Section = section;
        Offset = offset;
        TotalLength = totalLength;
        Is64 = is64;
        Version = version;
        UnitType = unitType;
        AddressSize = addressSize;
        AbbrevOffset = abbrevOffset;
        HeaderSize = headerSize;
        TypeSignature = typeSignature;
        TypeOffset = typeOffset;
        DwoId = dwoId;
    }

    public DwarfFile File => _file;
    /// <summary>.debug_info, or .debug_types for a DWARF 4 type unit: DIE offsets are offsets in this section.</summary>
    public DwarfSection Section { get; }
    /// <summary>A DWARF 4 type unit from .debug_types (its offsets are not .debug_info offsets).</summary>
    public bool InTypesSection => Section.Name == ".debug_types";
    /// <summary>Tells this unit's DIEs from .debug_info's at the same offsets in caches and type ids.</summary>
    internal ulong SectionKey => InTypesSection ? 1UL << 62 : 0;
    /// <summary>Offset of the unit header in .debug_info.</summary>
    public ulong Offset { get; }
    /// <summary>Length including the initial length field.</summary>
    public ulong TotalLength { get; }
    public ulong End => Offset + TotalLength;
    public bool Is64 { get; }
    public int OffsetSize => Is64 ? 8 : 4;
    public int Version { get; }
    /// <summary>DW_UT_* (DWARF 5); DW_UT_compile for earlier versions.</summary>
    public int UnitType { get; }
    public int AddressSize { get; }
    public ulong AbbrevOffset { get; }
    /// <summary>Offset of the first DIE from <see cref="Offset"/>.</summary>
    public ulong HeaderSize { get; }
    public ulong TypeSignature { get; }
    public ulong TypeOffset { get; }
    public ulong DwoId { get; }

    internal static DwarfUnit ReadHeader(DwarfFile file, DwarfSection info, ulong offset)
    {
        var r = info.Reader(offset);
        ulong len = r.U32();
        bool is64 = false;
        if (len == 0xffffffff)
        {
            is64 = true;
            len = r.U64();
        }
        else if (len >= 0xfffffff0)
        {
            throw r.Error((int)offset, $"reserved unit length 0x{len:x}");
        }

        ulong lenStart = (ulong)r.Position;
        if (len > (ulong)info.Length - lenStart)
        {
            throw r.Error((int)offset, $"unit length 0x{len:x} runs past end of .debug_info");
        }

        int version = r.U16();
        if (version < 2 || version > 5)
        {
            throw r.Error(r.Position - 2, $"unsupported DWARF version {version}");
        }

        int unitType = info.Name == ".debug_types" ? DwUt.Type : DwUt.Compile;
        int addrSize;
        ulong abbrevOff;
        ulong sig = 0, typeOff = 0, dwo = 0;
        if (version >= 5)
        {
            unitType = r.U8();
            addrSize = r.U8();
            abbrevOff = is64 ? r.U64() : r.U32();
            switch (unitType)
            {
                case DwUt.Compile:
                case DwUt.Partial:
                    break;
                case DwUt.Skeleton:
                case DwUt.SplitCompile:
                    dwo = r.U64();
                    break;
                case DwUt.Type:
                case DwUt.SplitType:
                    sig = r.U64();
                    typeOff = is64 ? r.U64() : r.U32();
                    break;
                default:
                    throw r.Error(r.Position - 1 - 1 - (is64 ? 8 : 4), $"unknown unit type 0x{unitType:x}");
            }
        }
        else
        {
            abbrevOff = is64 ? r.U64() : r.U32();
            addrSize = r.U8();
            if (unitType == DwUt.Type)
            {
                sig = r.U64();
                typeOff = is64 ? r.U64() : r.U32();
            }
        }
        if (addrSize is not (1 or 2 or 4 or 8))
        {
            throw r.Error($"bad address size {addrSize}");
        }

        ulong total = lenStart - offset + len;
        ulong header = (ulong)r.Position - offset;
        if (header > total)
        {
            throw r.Error((int)offset, "unit header longer than the unit");
        }

        return new DwarfUnit(file, info, offset, total, is64, version, unitType, addrSize, abbrevOff, header, sig, typeOff, dwo);
    }

    public DwarfAbbrevTable Abbrevs => _abbrevs ??= _file.AbbrevTable(AbbrevOffset);

    // ---- bases from the unit DIE ----

    private void EnsureBases()
    {
        if (_basesRead)
        {
            return;
        }
        // Defaults: str_offsets_base and addr_base point just past their section headers in the common single-unit case,
        // but producers always emit the attributes when using the indexed forms, so 0 only matters for broken input.
        ulong strBase = Version >= 5 ? (ulong)(Is64 ? 16 : 8) : 0;
        ulong addrBase = Version >= 5 ? (ulong)(Is64 ? 16 : 8) : 0;
        ulong lowPc = 0;
        ulong? lowPcIndex = null;
        var r = Section.Reader(Offset + HeaderSize, End - Offset - HeaderSize);
        ulong code = r.Uleb128();
        if (code != 0)
        {
            var ab = Abbrevs.Get(code) ?? throw r.Error($"unknown abbrev code {code}");
            foreach (var spec in ab.Attributes)
            {
                var v = ReadValue(ref r, spec.Form, spec.ImplicitConst, resolve: false);
                switch (spec.Name)
                {
                    case DwAt.StrOffsetsBase: strBase = v.Value; break;
                    case DwAt.AddrBase:
                    case DwAt.GNUAddrBase: addrBase = v.Value; break;
                    case DwAt.RnglistsBase: _rnglistsBase = v.Value; _hasRnglistsBase = true; break;
                    case DwAt.LoclistsBase: _loclistsBase = v.Value; _hasLoclistsBase = true; break;
                    case DwAt.LowPc:
                        if (v.Kind == DwarfValueKind.Address)
                        {
                            lowPc = v.Value;
                        }
                        else if (v.Kind == DwarfValueKind.ListIndex)
                        {
                            lowPcIndex = v.Value;
                        }

                        break;
                }
            }
        }
        _strOffsetsBase = strBase;
        _addrBase = addrBase;
        _basesRead = true;
        _baseAddress = lowPcIndex is { } idx ? ReadAddrIndex(idx, 0) : lowPc;
        if (_file.Skeleton is { } sk && lowPc == 0 && lowPcIndex is null)
        {
            _baseAddress = sk.BaseAddress;
        }
    }

    /// <summary>The unit's base address (DW_AT_low_pc of the unit DIE, 0 if none).</summary>
    public ulong BaseAddress { get { EnsureBases(); return _baseAddress; } }
    public ulong StrOffsetsBase { get { EnsureBases(); return _strOffsetsBase; } }
    public ulong AddrBase { get { EnsureBases(); return _addrBase; } }
    public ulong? RnglistsBase { get { EnsureBases(); return _hasRnglistsBase ? _rnglistsBase : null; } }
    public ulong? LoclistsBase { get { EnsureBases(); return _hasLoclistsBase ? _loclistsBase : null; } }

    internal ulong ReadAddrIndex(ulong index, ulong at)
    {
        // A split unit's indexes go to its skeleton's .debug_addr, from the skeleton's addr_base.
        if (_file.Addr.IsEmpty && _file.Skeleton is { } sk)
        {
            return sk.ReadAddrIndex(index, at);
        }

        EnsureBases();
        var addr = _file.Addr;
        if (addr.IsEmpty)
        {
            throw Section.Error(at, "DW_FORM_addrx without .debug_addr");
        }

        ulong off = _addrBase + index * (ulong)AddressSize;
        var r = addr.Reader(off, (ulong)AddressSize);
        return r.Address(AddressSize);
    }

    private string ReadStrIndex(ulong index, ulong at)
    {
        EnsureBases();
        var so = _file.StrOffsets;
        if (so.IsEmpty)
        {
            throw Section.Error(at, "DW_FORM_strx without .debug_str_offsets");
        }

        ulong off = _strOffsetsBase + index * (ulong)OffsetSize;
        var r = so.Reader(off, (ulong)OffsetSize);
        ulong strOff = Is64 ? r.U64() : r.U32();
        return _file.Str.CString(strOff);
    }

    /// <summary>Reads one attribute value of <paramref name="form"/>. With <paramref name="resolve"/> false, indexed
    /// strings and addresses are left as <see cref="DwarfValueKind.ListIndex"/> (used while reading the bases).</summary>
    internal DwarfValue ReadValue(ref DataReader r, int form, long implicitConst, bool resolve = true)
    {
        ulong at = (ulong)r.Position;
        switch (form)
        {
            case DwForm.Addr: return new DwarfValue(DwarfValueKind.Address, r.Address(AddressSize));
            case DwForm.Addrx:
            case DwForm.GNUAddrIndex: return Addrx(r.Uleb128(), at, resolve);
            case DwForm.Addrx1: return Addrx(r.U8(), at, resolve);
            case DwForm.Addrx2: return Addrx(r.U16(), at, resolve);
            case DwForm.Addrx3: return Addrx(r.UN(3), at, resolve);
            case DwForm.Addrx4: return Addrx(r.U32(), at, resolve);
            case DwForm.Block1: return Block(ref r, r.U8());
            case DwForm.Block2: return Block(ref r, r.U16());
            case DwForm.Block4: return Block(ref r, r.U32());
            case DwForm.Block:
            case DwForm.Exprloc: return Block(ref r, r.Uleb128());
            case DwForm.Data1: return new DwarfValue(DwarfValueKind.Constant, r.U8());
            case DwForm.Data2: return new DwarfValue(DwarfValueKind.Constant, r.U16());
            case DwForm.Data4: return new DwarfValue(DwarfValueKind.Constant, r.U32());
            case DwForm.Data8: return new DwarfValue(DwarfValueKind.Constant, r.U64());
            case DwForm.Data16: return Block(ref r, 16);
            case DwForm.Sdata: return new DwarfValue(DwarfValueKind.SignedConstant, (ulong)r.Sleb128());
            case DwForm.Udata: return new DwarfValue(DwarfValueKind.Constant, r.Uleb128());
            case DwForm.ImplicitConst: return new DwarfValue(DwarfValueKind.SignedConstant, (ulong)implicitConst);
            case DwForm.Flag: return new DwarfValue(DwarfValueKind.Flag, r.U8() != 0 ? 1u : 0u);
            case DwForm.FlagPresent: return new DwarfValue(DwarfValueKind.Flag, 1);
            case DwForm.Loclistx:
            case DwForm.Rnglistx: return new DwarfValue(DwarfValueKind.ListIndex, r.Uleb128());
            case DwForm.Ref1: return Ref(r.U8(), at);
            case DwForm.Ref2: return Ref(r.U16(), at);
            case DwForm.Ref4: return Ref(r.U32(), at);
            case DwForm.Ref8: return Ref(r.U64(), at);
            case DwForm.RefUdata: return Ref(r.Uleb128(), at);
            case DwForm.RefAddr:
                {
                    ulong v = Version <= 2 ? r.Address(AddressSize) : Is64 ? r.U64() : r.U32();
                    return new DwarfValue(DwarfValueKind.Reference, v);
                }
            case DwForm.RefSig8: return new DwarfValue(DwarfValueKind.TypeSignature, r.U64());
            case DwForm.SecOffset: return new DwarfValue(DwarfValueKind.SectionOffset, Is64 ? r.U64() : r.U32());
            case DwForm.String: return new DwarfValue(DwarfValueKind.String, 0, r.CString());
            case DwForm.Strp:
                {
                    ulong off = Is64 ? r.U64() : r.U32();
                    return new DwarfValue(DwarfValueKind.String, off, _file.Str.CString(off));
                }
            case DwForm.LineStrp:
                {
                    ulong off = Is64 ? r.U64() : r.U32();
                    return new DwarfValue(DwarfValueKind.String, off, _file.LineStr.CString(off));
                }
            case DwForm.Strx:
            case DwForm.GNUStrIndex: return Strx(r.Uleb128(), at, resolve);
            case DwForm.Strx1: return Strx(r.U8(), at, resolve);
            case DwForm.Strx2: return Strx(r.U16(), at, resolve);
            case DwForm.Strx3: return Strx(r.UN(3), at, resolve);
            case DwForm.Strx4: return Strx(r.U32(), at, resolve);
            case DwForm.RefSup4: return new DwarfValue(DwarfValueKind.Unsupported, r.U32());
            case DwForm.RefSup8: return new DwarfValue(DwarfValueKind.Unsupported, r.U64());
            case DwForm.StrpSup:
            case DwForm.GNURefAlt:
            case DwForm.GNUStrpAlt: return new DwarfValue(DwarfValueKind.Unsupported, Is64 ? r.U64() : r.U32());
            case DwForm.Indirect:
                {
                    ulong f = r.Uleb128();
                    if (f == DwForm.Indirect || f == DwForm.ImplicitConst || f > int.MaxValue)
                    {
                        throw r.Error((int)at, $"bad DW_FORM_indirect form 0x{f:x}");
                    }

                    return ReadValue(ref r, (int)f, 0, resolve);
                }
            default:
                throw r.Error((int)at, $"unknown attribute form 0x{form:x}");
        }
    }

    private DwarfValue Addrx(ulong index, ulong at, bool resolve) =>
        resolve && (!_file.Addr.IsEmpty || _file.Skeleton is not null) ? new DwarfValue(DwarfValueKind.Address, ReadAddrIndex(index, at), index: index) : new DwarfValue(DwarfValueKind.ListIndex, index, index: index);

    private DwarfValue Strx(ulong index, ulong at, bool resolve) =>
        resolve ? new DwarfValue(DwarfValueKind.String, index, ReadStrIndex(index, at), index: index) : new DwarfValue(DwarfValueKind.ListIndex, index, index: index);

    private DwarfValue Ref(ulong unitRelative, ulong at)
    {
        if (unitRelative >= TotalLength)
        {
            throw Section.Error(at, $"DIE reference 0x{unitRelative:x} outside its unit (length 0x{TotalLength:x})");
        }

        return new DwarfValue(DwarfValueKind.Reference, Offset + unitRelative);
    }

    private DwarfValue Block(ref DataReader r, ulong length)
    {
        int start = r.Position;
        r.Skip((long)Math.Min(length, (ulong)int.MaxValue + 1));
        return new DwarfValue(DwarfValueKind.Block, length, block: Section.Data.Slice(start, (int)length));
    }

    // ---- DIE tree ----

    private void EnsureTree()
    {
        if (_dieOffsets is not null)
        {
            return;
        }

        var offsets = new List<int>();
        var parents = new List<int>();
        var depths = new List<int>();
        var abbrevs = new List<DwarfAbbrev>();
        var stack = new Stack<int>();
        var r = Section.Reader(Offset + HeaderSize, End - Offset - HeaderSize);
        var table = Abbrevs;
        while (!r.AtEnd)
        {
            int at = r.Position;
            ulong code = r.Uleb128();
            if (code == 0)
            {
                if (stack.Count > 0)
                {
                    stack.Pop();
                }

                continue; // trailing padding after the root is allowed
            }
            var ab = table.Get(code) ?? throw r.Error(at, $"unknown abbrev code {code} (abbrev table 0x{AbbrevOffset:x})");
            int index = offsets.Count;
            offsets.Add(at);
            parents.Add(stack.Count > 0 ? stack.Peek() : -1);
            depths.Add(stack.Count);
            abbrevs.Add(ab);
            foreach (var spec in ab.Attributes)
            {
                SkipValue(ref r, spec.Form);
            }

            if (ab.HasChildren)
            {
                stack.Push(index);
            }

            if (stack.Count == 0 && index == 0 && !ab.HasChildren)
            {
                break;
            }
        }
        _parents = parents.ToArray();
        _depths = depths.ToArray();
        _dieAbbrevs = abbrevs.ToArray();
        _dieOffsets = offsets.ToArray();
    }

    internal delegate void DieVisitor(ulong offset, int tag, int depth, List<(int Name, DwarfValue Value)> attributes);

    /// <summary>One pass over the unit's DIEs that keeps nothing: <paramref name="visit"/> sees the decoded attributes
    /// of the DIEs <paramref name="wants"/> (tag, depth) picks; the others are skipped undecoded.</summary>
    internal void Scan(Func<int, int, bool> wants, DieVisitor visit)
    {
        var r = Section.Reader(Offset + HeaderSize, End - Offset - HeaderSize);
        var table = Abbrevs;
        var attrs = new List<(int, DwarfValue)>();
        int depth = 0;
        bool first = true;
        while (!r.AtEnd)
        {
            int at = r.Position;
            ulong code = r.Uleb128();
            if (code == 0)
            {
                if (depth > 0)
                {
                    depth--;
                }

                continue;
            }
            var ab = table.Get(code) ?? throw r.Error(at, $"unknown abbrev code {code} (abbrev table 0x{AbbrevOffset:x})");
            if (wants(ab.Tag, depth))
            {
                attrs.Clear();
                foreach (var spec in ab.Attributes)
                {
                    attrs.Add((spec.Name, ReadValue(ref r, spec.Form, spec.ImplicitConst)));
                }

                visit((ulong)at, ab.Tag, depth, attrs);
            }
            else
            {
                foreach (var spec in ab.Attributes)
                {
                    SkipValue(ref r, spec.Form);
                }
            }
            if (ab.HasChildren)
            {
                depth++;
            }
            else if (first)
            {
                break;
            }

            first = false;
        }
    }

    private void SkipValue(ref DataReader r, int form)
    {
        switch (form)
        {
            case DwForm.FlagPresent:
            case DwForm.ImplicitConst: return;
            case DwForm.Data1: case DwForm.Ref1: case DwForm.Flag: case DwForm.Strx1: case DwForm.Addrx1: r.Skip(1); return;
            case DwForm.Data2: case DwForm.Ref2: case DwForm.Strx2: case DwForm.Addrx2: r.Skip(2); return;
            case DwForm.Strx3: case DwForm.Addrx3: r.Skip(3); return;
            case DwForm.Data4: case DwForm.Ref4: case DwForm.Strx4: case DwForm.Addrx4: case DwForm.RefSup4: r.Skip(4); return;
            case DwForm.Data8: case DwForm.Ref8: case DwForm.RefSig8: case DwForm.RefSup8: r.Skip(8); return;
            case DwForm.Data16: r.Skip(16); return;
            case DwForm.Addr: r.Skip(AddressSize); return;
            case DwForm.Strp:
            case DwForm.LineStrp:
            case DwForm.SecOffset:
            case DwForm.StrpSup:
            case DwForm.GNURefAlt:
            case DwForm.GNUStrpAlt:
                r.Skip(OffsetSize); return;
            case DwForm.RefAddr: r.Skip(Version <= 2 ? AddressSize : OffsetSize); return;
            case DwForm.Udata:
            case DwForm.Sdata:
            case DwForm.RefUdata:
            case DwForm.Strx:
            case DwForm.Addrx:
            case DwForm.Loclistx:
            case DwForm.Rnglistx:
            case DwForm.GNUAddrIndex:
            case DwForm.GNUStrIndex:
                r.Uleb128(); return;
            case DwForm.String: r.CStringBytes(); return;
            case DwForm.Block1: r.Skip(r.U8()); return;
            case DwForm.Block2: r.Skip(r.U16()); return;
            case DwForm.Block4: r.Skip(r.U32()); return;
            case DwForm.Block:
            case DwForm.Exprloc:
                {
                    ulong n = r.Uleb128();
                    if (n > int.MaxValue)
                    {
                        throw r.Error($"block length {n} too large");
                    }

                    r.Skip((long)n);
                    return;
                }
            default:
                ReadValue(ref r, form, 0, resolve: false);
                return;
        }
    }

    /// <summary>Number of DIEs in the unit.</summary>
    public int DieCount { get { EnsureTree(); return _dieOffsets!.Length; } }

    /// <summary>The unit DIE (DW_TAG_compile_unit, ...).</summary>
    public DwarfDie Root { get { EnsureTree(); if (_dieOffsets!.Length == 0) { throw Section.Error(Offset, "unit without DIEs"); } return new DwarfDie(this, 0); } }

    /// <summary>All DIEs in order (pre-order, as stored).</summary>
    public IEnumerable<DwarfDie> Entries()
    {
        EnsureTree();
        for (int i = 0; i < _dieOffsets!.Length; i++)
        {
            yield return new DwarfDie(this, i);
        }
    }

    internal ulong DieOffset(int index) => (ulong)_dieOffsets![index];
    internal DwarfAbbrev DieAbbrev(int index) => _dieAbbrevs![index];
    internal int DieDepth(int index) => _depths![index];
    internal int DieParent(int index) => _parents![index];
    internal int DieCountInternal => _dieOffsets!.Length;

    /// <summary>The DIE at absolute .debug_info offset <paramref name="offset"/> within this unit, or null.</summary>
    public DwarfDie? DieAt(ulong offset)
    {
        EnsureTree();
        int i = Array.BinarySearch(_dieOffsets!, (int)offset);
        return i >= 0 ? new DwarfDie(this, i) : null;
    }

    internal DwarfAttribute[] ReadAttributes(int index)
    {
        var ab = _dieAbbrevs![index];
        var r = Section.Reader((ulong)_dieOffsets![index], End - (ulong)_dieOffsets[index]);
        r.Uleb128();
        var result = new DwarfAttribute[ab.Attributes.Length];
        for (int i = 0; i < result.Length; i++)
        {
            var spec = ab.Attributes[i];
            ulong at = (ulong)r.Position;
            result[i] = new DwarfAttribute(spec.Name, spec.Form, ReadValue(ref r, spec.Form, spec.ImplicitConst), at);
        }
        return result;
    }

    public override string ToString() => $"unit at 0x{Offset:x} (DWARF {Version}, {DwUt.ToName(UnitType)})";
}
