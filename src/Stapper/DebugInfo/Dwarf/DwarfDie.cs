namespace Stapper.DebugInfo.Dwarf;

/// <summary>A debugging information entry: a view (unit + index), attributes decoded on access.</summary>
public sealed class DwarfDie : IEquatable<DwarfDie>
{
    private readonly DwarfUnit _unit;
    private readonly int _index;
    private DwarfAttribute[]? _attributes;

    internal DwarfDie(DwarfUnit unit, int index)
    {
        _unit = unit;
        _index = index;
    }

    public DwarfUnit Unit => _unit;
    /// <summary>Absolute offset in .debug_info.</summary>
    public ulong Offset => _unit.DieOffset(_index);
    public int Tag => _unit.DieAbbrev(_index).Tag;
    public string TagName => DwTag.ToName(Tag) ?? $"DW_TAG_0x{Tag:x}";
    public bool HasChildren => _unit.DieAbbrev(_index).HasChildren;
    public ulong AbbrevCode => _unit.DieAbbrev(_index).Code;
    /// <summary>Depth in the unit's tree (0 for the unit DIE).</summary>
    public int Depth => _unit.DieDepth(_index);
    public DwarfDie? Parent => _unit.DieParent(_index) is var p and >= 0 ? new DwarfDie(_unit, p) : null;

    public IReadOnlyList<DwarfAttribute> Attributes => _attributes ??= _unit.ReadAttributes(_index);

    public IEnumerable<DwarfDie> Children
    {
        get
        {
            if (!HasChildren)
            {
                yield break;
            }

            int n = _unit.DieCountInternal;
            for (int i = _index + 1; i < n; i++)
            {
                int p = _unit.DieParent(i);
                if (p == _index)
                {
                    yield return new DwarfDie(_unit, i);
                }
                else if (_unit.DieDepth(i) <= Depth)
                {
                    yield break;
                }
            }
        }
    }

    public DwarfAttribute? Attribute(int name)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name)
            {
                return a;
            }
        }

        return null;
    }

    public bool Has(int name) => Attribute(name) is not null;

    public string? StringAttr(int name) => Attribute(name) is { Value.Kind: DwarfValueKind.String } a ? a.Value.String : null;

    public ulong? ConstantAttr(int name) => Attribute(name) is { } a && (a.Value.IsConstant || a.Value.Kind == DwarfValueKind.Flag) ? a.Value.Value : null;

    public bool Flag(int name) => Attribute(name) is { } a && a.Value.Value != 0;

    /// <summary>DW_AT_name, or null.</summary>
    public string? Name => StringAttr(DwAt.Name);

    /// <summary>The DIE a reference attribute points to (same file), or null.</summary>
    public DwarfDie? Ref(int name)
    {
        var a = Attribute(name);
        if (a is null)
        {
            return null;
        }

        var v = a.Value.Value;
        return v.Kind switch
        {
            DwarfValueKind.Reference => (a.Value.Form == DwForm.RefAddr || v.Value < _unit.Offset || v.Value >= _unit.End ? _unit.File.DieAt(v.Value) : _unit.DieAt(v.Value))
                ?? throw _unit.Section.Error(a.Value.Offset, $"reference <0x{v.Value:x}> does not point at a DIE"),
            DwarfValueKind.TypeSignature => _unit.File.TypeUnitDie(v.Value)
                ?? throw _unit.Section.Error(a.Value.Offset, $"no type unit with signature 0x{v.Value:x}"),
            _ => null,
        };
    }

    /// <summary><see cref="Ref"/> on this DIE or, if absent, on its abstract origin / specification.</summary>
    public DwarfDie? InheritedRef(int name)
    {
        var d = this;
        for (int i = 0; i < 16 && d is not null; i++)
        {
            if (d.Has(name))
            {
                return d.Ref(name);
            }

            d = d.Ref(DwAt.AbstractOrigin) ?? d.Ref(DwAt.Specification);
        }
        return null;
    }

    /// <summary>Follows DW_AT_abstract_origin / DW_AT_specification to the DIE holding the declaration's attributes.</summary>
    public DwarfDie Origin()
    {
        var d = this;
        for (int i = 0; i < 16; i++)
        {
            var next = d.Ref(DwAt.AbstractOrigin) ?? d.Ref(DwAt.Specification);
            if (next is null)
            {
                return d;
            }

            d = next;
        }
        return d;
    }

    /// <summary>An attribute of this DIE or, if absent, of its abstract origin / specification.</summary>
    public DwarfAttribute? InheritedAttribute(int name)
    {
        var d = this;
        for (int i = 0; i < 16 && d is not null; i++)
        {
            if (d.Attribute(name) is { } a)
            {
                return a;
            }

            d = d.Ref(DwAt.AbstractOrigin) ?? d.Ref(DwAt.Specification);
        }
        return null;
    }

    /// <summary>Address ranges: DW_AT_low_pc/high_pc or DW_AT_ranges; empty if the DIE has no code.</summary>
    public IReadOnlyList<AddressRange> Ranges() => DwarfRanges.Of(this);

    /// <summary>DW_AT_low_pc, or the lowest range start, or null.</summary>
    public ulong? LowPc
    {
        get
        {
            if (Attribute(DwAt.LowPc) is { Value.Kind: DwarfValueKind.Address } a)
            {
                return a.Value.Value;
            }

            var r = Ranges();
            return r.Count == 0 ? null : r.Min(x => x.Low);
        }
    }

    public bool Equals(DwarfDie? other) => other is not null && other._unit == _unit && other._index == _index;
    public override bool Equals(object? obj) => Equals(obj as DwarfDie);
    public override int GetHashCode() => HashCode.Combine(_unit.Offset | _unit.SectionKey, _index);
    public override string ToString() => $"<0x{Offset:x}> {TagName}{(Name is { } n ? " " + n : "")}";
}
