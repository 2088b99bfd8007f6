namespace Stapper.DebugInfo.Dwarf;

/// <summary>The class of an attribute value once its form is read.</summary>
public enum DwarfValueKind
{
    /// <summary>A target address (DW_FORM_addr, or addrx resolved through .debug_addr).</summary>
    Address,
    /// <summary>data1/2/4/8, udata, implicit_const (see <see cref="DwarfValue.Signed"/> for sdata).</summary>
    Constant,
    SignedConstant,
    Flag,
    /// <summary>A DIE reference: an absolute .debug_info offset.</summary>
    Reference,
    /// <summary>DW_FORM_ref_sig8: a type unit signature.</summary>
    TypeSignature,
    String,
    /// <summary>block*, exprloc, data16: raw bytes.</summary>
    Block,
    /// <summary>DW_FORM_sec_offset: an offset into another section (line, loclists, rnglists, ...).</summary>
    SectionOffset,
    /// <summary>DW_FORM_loclistx / rnglistx: an index into the unit's offset table.</summary>
    ListIndex,
    /// <summary>Forms we skip but do not interpret (ref_sup, strp_sup, GNU alt forms).</summary>
    Unsupported,
}

/// <summary>One attribute value, decoded. Strings are resolved (str, line_str, str_offsets), addrx through .debug_addr.</summary>
public readonly struct DwarfValue
{
    internal DwarfValue(DwarfValueKind kind, ulong value, string? str = null, ReadOnlyMemory<byte> block = default, ulong index = ulong.MaxValue)
    {
        Kind = kind;
        Value = value;
        String = str;
        Bytes = block;
        Index = index;
    }

    public DwarfValueKind Kind { get; }
    /// <summary>Address, constant (two's complement for signed), reference offset, flag (0/1), section offset, list index, signature.</summary>
    public ulong Value { get; }
    public long Signed => (long)Value;
    public string? String { get; }
    public ReadOnlyMemory<byte> Bytes { get; }
    /// <summary>For addrx/strx forms: the index used (ulong.MaxValue otherwise).</summary>
    public ulong Index { get; }

    public bool IsConstant => Kind is DwarfValueKind.Constant or DwarfValueKind.SignedConstant;

    public override string ToString() => Kind switch
    {
        DwarfValueKind.String => String ?? "",
        DwarfValueKind.Block => Convert.ToHexStringLower(Bytes.Span),
        DwarfValueKind.SignedConstant => Signed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DwarfValueKind.Reference => $"<0x{Value:x}>",
        _ => $"0x{Value:x}",
    };
}

/// <summary>An attribute of a DIE: name, form, value, and where it sits in .debug_info.</summary>
public readonly record struct DwarfAttribute(int Name, int Form, DwarfValue Value, ulong Offset)
{
    public override string ToString() => $"{DwAt.ToName(Name) ?? $"DW_AT_0x{Name:x}"} ({DwForm.ToName(Form)}): {Value}";
}

/// <summary>[Low, High) address range.</summary>
public readonly record struct AddressRange(ulong Low, ulong High)
{
    public bool Contains(ulong address) => address >= Low && address < High;
    public override string ToString() => $"[0x{Low:x}, 0x{High:x})";
}
