namespace Stapper.DebugInfo.Dwarf;

/// <summary>A function (DW_TAG_subprogram) in SystemTap's terms: name, where its code is, its parameters
/// and where they live.</summary>
public sealed class DwarfFunction
{
    internal DwarfFunction(DwarfDie die)
    {
        Die = die;
    }

    public DwarfDie Die { get; }
    /// <summary>The DIE with the declaration attributes (abstract origin / specification), or <see cref="Die"/>.</summary>
    public DwarfDie Declaration => Die.Origin();
    public string? Name => Die.InheritedAttribute(DwAt.Name)?.Value.String;
    public string? LinkageName => (Die.InheritedAttribute(DwAt.LinkageName) ?? Die.InheritedAttribute(DwAt.MIPSLinkageName))?.Value.String;
    public bool IsExternal => Die.InheritedAttribute(DwAt.External) is { } a && a.Value.Value != 0;
    public bool IsDeclaration => Die.Flag(DwAt.Declaration);
    /// <summary>DW_AT_inline says the function was declared/was inlined (the DIE is an abstract instance).</summary>
    public bool IsInlineAbstract => Die.Has(DwAt.Inline);
    public IReadOnlyList<AddressRange> Ranges => Die.Ranges();
    public bool HasCode => Ranges.Count > 0;
    public ulong? LowPc => Die.LowPc;
    public ulong? HighPc => Ranges.Count == 0 ? null : Ranges.Max(r => r.High);
    /// <summary>DW_AT_entry_pc if present, else low pc.</summary>
    public ulong? EntryPc => Die.Attribute(DwAt.EntryPc) is { Value.Kind: DwarfValueKind.Address } a ? a.Value.Value : LowPc;

    /// <summary>Where an inlined instance begins, as stap probes it: DW_AT_entry_pc (an address, or DWARF 5's offset from
    /// DW_AT_low_pc), else DW_AT_low_pc, else the start of the first of its ranges.</summary>
    public ulong? InstanceEntry
    {
        get
        {
            var low = Die.Attribute(DwAt.LowPc) is { Value.Kind: DwarfValueKind.Address } l ? l.Value.Value : (ulong?)null;
            return Die.Attribute(DwAt.EntryPc) switch
            {
                { Value.Kind: DwarfValueKind.Address } a => a.Value.Value,
                { Value.IsConstant: true } c when low is { } base_ => base_ + c.Value.Value,
                _ => low ?? (Ranges.Count > 0 ? Ranges[0].Low : null),
            };
        }
    }
    public int? DeclLine => Die.InheritedAttribute(DwAt.DeclLine) is { } a ? (int)a.Value.Value : null;

    /// <summary>Source file of the declaration, from the unit's line table.</summary>
    public string? DeclFile
    {
        get
        {
            var a = Die.InheritedAttribute(DwAt.DeclFile);
            if (a is null)
            {
                return null;
            }

            var decl = Declaration;
            var lp = decl.Unit.File.LineProgram(decl.Unit);
            return lp?.File((int)a.Value.Value.Value)?.Path;
        }
    }

    /// <summary>Return type, null for void.</summary>
    public TypeInfo? ReturnType => Die.InheritedRef(DwAt.Type) is { } t ? DwarfTypeInfo.Of(t) : null;

    /// <summary>The function as BTF gives a kernel function: a prototype of its return type and named parameters.</summary>
    public FunctionInfo Prototype(string module) => new(Name ?? "", module, DwarfTypeInfo.Of(Die), IsExternal ? "global" : "static");

    /// <summary>DW_AT_frame_base (usually DW_OP_call_frame_cfa).</summary>
    public DwarfLocation? FrameBase => DwarfLocation.Of(Die, DwAt.FrameBase);

    public IReadOnlyList<DwarfVariable> Parameters =>
        Die.Children.Where(c => c.Tag == DwTag.FormalParameter).Select((c, i) => new DwarfVariable(c, i)).ToList();

    public bool IsVariadic => Declaration.Children.Any(c => c.Tag == DwTag.UnspecifiedParameters);

    /// <summary>Local variables at any block depth.</summary>
    public IEnumerable<DwarfVariable> Locals()
    {
        var stack = new Stack<DwarfDie>();
        stack.Push(Die);
        while (stack.Count > 0)
        {
            foreach (var c in stack.Pop().Children)
            {
                if (c.Tag == DwTag.Variable)
                {
                    yield return new DwarfVariable(c, -1);
                }
                else if (c.Tag == DwTag.LexicalBlock)
                {
                    stack.Push(c);
                }
            }
        }
    }

    /// <summary>Inlined copies of other functions inside this one.</summary>
    public IEnumerable<DwarfDie> InlinedCalls()
    {
        var stack = new Stack<DwarfDie>();
        stack.Push(Die);
        while (stack.Count > 0)
        {
            foreach (var c in stack.Pop().Children)
            {
                if (c.Tag == DwTag.InlinedSubroutine)
                {
                    yield return c;
                }

                if (c.HasChildren)
                {
                    stack.Push(c);
                }
            }
        }
    }

    public override string ToString()
    {
        var ret = ReturnType;
        var ps = Parameters.Select(p => p.Type is { } t ? t.Declare(p.Name ?? "") : (p.Name ?? "?"));
        var args = string.Join(", ", ps);
        if (IsVariadic)
        {
            args = args.Length > 0 ? args + ", ..." : "...";
        }

        if (args.Length == 0)
        {
            args = "void";
        }

        return (ret is null ? "void " : ret.Declare("").TrimEnd() + (ret.Declare("").EndsWith('*') ? "" : " ")) + $"{Name}({args})";
    }
}

/// <summary>A parameter or variable DIE.</summary>
public sealed class DwarfVariable
{
    internal DwarfVariable(DwarfDie die, int index)
    {
        Die = die;
        Index = index;
    }

    public DwarfDie Die { get; }
    /// <summary>Position among the parameters (-1 for locals).</summary>
    public int Index { get; }
    public string? Name => Die.InheritedAttribute(DwAt.Name)?.Value.String;
    public TypeInfo? Type => Die.InheritedRef(DwAt.Type) is { } t ? DwarfTypeInfo.Of(t) : null;
    /// <summary>DW_AT_location: a single expression or a location list; null when optimized out entirely.</summary>
    public DwarfLocation? Location => DwarfLocation.Of(Die);
    /// <summary>DW_AT_const_value when the compiler folded the variable to a constant.</summary>
    public DwarfValue? ConstValue => Die.Attribute(DwAt.ConstValue)?.Value;
    public override string ToString() => Type is { } t ? t.Declare(Name ?? "") : Name ?? "?";
}
