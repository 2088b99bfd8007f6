namespace Stapper.DebugInfo.Dwarf;

/// <summary><see cref="TypeInfo"/> over a DWARF type DIE (one array dimension per instance for multi-dimensional arrays).</summary>
internal sealed class DwarfTypeInfo : TypeInfo
{
    private readonly DwarfDie? _die; // null: void
    private readonly int _dim;       // array dimension index
    private IReadOnlyList<MemberInfo>? _members;
    private IReadOnlyList<ParameterInfo>? _params;
    private IReadOnlyList<EnumeratorInfo>? _enums;

    private DwarfTypeInfo(DwarfDie? die, int dim)
    {
        _die = die;
        _dim = dim;
    }

    internal static readonly DwarfTypeInfo Void = new(null, 0);

    internal static TypeInfo At(DwarfFile file, ulong offset)
    {
        var die = file.DieAt(offset) ?? throw file.Info.Error(offset, $"type reference <0x{offset:x}> does not point at a DIE");
        return Of(die);
    }

    internal static TypeInfo Of(DwarfDie die)
    {
        // A declaration that names its definition by type signature (-fdebug-types-section): use the definition.
        if (die.Has(DwAt.Signature) && die.Ref(DwAt.Signature) is { } def)
        {
            die = def;
        }

        var d = die;
        return die.Unit.File.TypeCache(die.Offset, die.Unit.Offset | die.Unit.SectionKey, () => new DwarfTypeInfo(d, 0));
    }

    private static TypeInfo Dim(DwarfDie die, int dim) => die.Unit.File.TypeCache(die.Offset, (ulong)dim << 48 | die.Unit.Offset | die.Unit.SectionKey, () => new DwarfTypeInfo(die, dim));

    public override long Id => _die is null ? -1 : (long)(_die.Offset | _die.Unit.SectionKey);

    public override TypeKind Kind
    {
        get
        {
            if (_die is null)
            {
                return TypeKind.Void;
            }

            switch (_die.Tag)
            {
                case DwTag.BaseType:
                    return _die.ConstantAttr(DwAt.Encoding) is DwAte.Float or DwAte.ComplexFloat or DwAte.DecimalFloat ? TypeKind.Float : TypeKind.Integer;
                case DwTag.PointerType:
                case DwTag.ReferenceType:
                case DwTag.RvalueReferenceType:
                case DwTag.PtrToMemberType:
                    return TypeKind.Pointer;
                case DwTag.ArrayType: return TypeKind.Array;
                case DwTag.StructureType:
                case DwTag.ClassType:
                    return _die.Flag(DwAt.Declaration) ? TypeKind.Forward : TypeKind.Struct;
                case DwTag.UnionType: return _die.Flag(DwAt.Declaration) ? TypeKind.Forward : TypeKind.Union;
                case DwTag.EnumerationType: return TypeKind.Enum;
                case DwTag.Typedef: return TypeKind.Typedef;
                case DwTag.ConstType: return TypeKind.Const;
                case DwTag.VolatileType: return TypeKind.Volatile;
                case DwTag.RestrictType: return TypeKind.Restrict;
                case DwTag.AtomicType: return TypeKind.TypeTag;
                case DwTag.SubroutineType:
                case DwTag.Subprogram: // a function's own DIE read as its prototype (DwarfFunction.Prototype)
                    return TypeKind.Function;
                case DwTag.UnspecifiedType: return TypeKind.Void;
                default:
                    throw _die.Unit.Section.Error(_die.Offset, $"{_die.TagName} is not a type");
            }
        }
    }

    public override string Name => _die is null ? "void" : _die.Tag == DwTag.ArrayType ? "" : _die.Name ?? (Kind == TypeKind.Void ? "void" : "");

    public override ulong Size => SizeOf(this, 0);

    private static ulong SizeOf(TypeInfo start, int depth)
    {
        TypeInfo t = start;
        for (int guard = 0; guard < 256 && depth < 64; guard++)
        {
            var d = ((DwarfTypeInfo)t)._die;
            if (d is null)
            {
                return 0;
            }

            if (d.Tag == DwTag.ArrayType)
            {
                var elem = t.Target;
                return elem is null ? 0 : SizeOf(elem, depth + 1) * t.ElementCount;
            }
            if (d.ConstantAttr(DwAt.ByteSize) is { } bs)
            {
                return bs;
            }

            if (d.Tag is DwTag.PointerType or DwTag.ReferenceType or DwTag.RvalueReferenceType)
            {
                return (ulong)d.Unit.AddressSize;
            }

            if (!t.IsModifier || t.Target is null)
            {
                return 0;
            }

            t = t.Target;
        }
        var die = ((DwarfTypeInfo)start)._die!;
        throw die.Unit.Section.Error(die.Offset, "type chain too long (cycle?)");
    }

    private IReadOnlyList<DwarfDie> Subranges() =>
        _die is null ? [] : _die.Children.Where(c => c.Tag is DwTag.SubrangeType or DwTag.EnumerationType).ToList();

    public override TypeInfo? Target
    {
        get
        {
            if (_die is null)
            {
                return null;
            }

            if (_die.Tag == DwTag.ArrayType && _dim + 1 < Subranges().Count)
            {
                return Dim(_die, _dim + 1);
            }

            if ((_die.Tag == DwTag.Subprogram ? _die.InheritedRef(DwAt.Type) : _die.Ref(DwAt.Type)) is { } t)
            {
                return Of(t);
            }

            return Kind is TypeKind.Pointer or TypeKind.Typedef or TypeKind.Const or TypeKind.Volatile or TypeKind.Restrict
                or TypeKind.TypeTag or TypeKind.Function or TypeKind.Array ? Void : null;
        }
    }

    public override ulong ElementCount
    {
        get
        {
            if (_die is null || _die.Tag != DwTag.ArrayType)
            {
                return 0;
            }

            var subs = Subranges();
            if (_dim >= subs.Count)
            {
                return 0;
            }

            var s = subs[_dim];
            if (s.ConstantAttr(DwAt.Count) is { } c)
            {
                return c;
            }

            if (s.Attribute(DwAt.UpperBound) is { } ub && ub.Value.IsConstant)
            {
                long lower = s.Attribute(DwAt.LowerBound) is { } lb && lb.Value.IsConstant ? lb.Value.Signed : 0;
                long upper = ub.Value.Kind == DwarfValueKind.SignedConstant ? ub.Value.Signed : (long)ub.Value.Value;
                if (ub.Value.Kind == DwarfValueKind.Constant && ub.Value.Value == uint.MaxValue && ub.Form == DwForm.Data4)
                {
                    return 0;
                }

                return upper >= lower ? (ulong)(upper - lower + 1) : 0;
            }
            return 0;
        }
    }

    public override IReadOnlyList<MemberInfo> Members => _members ??= ReadMembers();
    public override IReadOnlyList<EnumeratorInfo> Enumerators => _enums ??= ReadEnums();
    public override IReadOnlyList<ParameterInfo> Parameters => _params ??= ReadParams();
    public override bool IsVariadic => _die is not null && _die.Tag is DwTag.SubroutineType or DwTag.Subprogram
        && _die.Origin().Children.Any(c => c.Tag == DwTag.UnspecifiedParameters);

    public override bool IsSigned => _die is not null && (_die.Tag == DwTag.EnumerationType
        ? (Target?.IsSigned ?? _die.Children.Any(c => c.Attribute(DwAt.ConstValue) is { Value.Kind: DwarfValueKind.SignedConstant } v && v.Value.Signed < 0))
        : _die.ConstantAttr(DwAt.Encoding) is DwAte.Signed or DwAte.SignedChar);

    public override bool IsUnionForward => _die is not null && _die.Tag == DwTag.UnionType && _die.Flag(DwAt.Declaration);

    private MemberInfo[] ReadMembers()
    {
        if (_die is null || _die.Tag is not (DwTag.StructureType or DwTag.ClassType or DwTag.UnionType))
        {
            return [];
        }

        var list = new List<MemberInfo>();
        foreach (var m in _die.Children)
        {
            if (m.Tag != DwTag.Member)
            {
                continue;
            }

            if (m.Flag(DwAt.External) || m.Flag(DwAt.Declaration))
            {
                continue; // C++ static members
            }

            var type = m.Ref(DwAt.Type) is { } td ? Of(td) : Void;
            ulong bits = 0;
            uint bitSize = (uint)(m.ConstantAttr(DwAt.BitSize) ?? 0);
            if (m.ConstantAttr(DwAt.DataBitOffset) is { } dbo)
            {
                bits = dbo;
            }
            else
            {
                var loc = m.Attribute(DwAt.DataMemberLocation);
                ulong bytes = 0;
                if (loc is { } l)
                {
                    if (l.Value.IsConstant)
                    {
                        bytes = l.Value.Value;
                    }
                    else if (l.Value.Kind == DwarfValueKind.Block)
                    {
                        var e = DwarfExpression.Decode(l.Value.Bytes, m.Unit.AddressSize, m.Unit.OffsetSize, m.Unit.Version);
                        if (e.Operations.Count == 1 && e.Operations[0].Opcode == DwOp.PlusUconst)
                        {
                            bytes = e.Operations[0].Operand1;
                        }
                        else
                        {
                            throw m.Unit.Section.Error(m.Offset, $"member location '{e}' is not a constant offset");
                        }
                    }
                }
                bits = bytes * 8;
                if (bitSize != 0 && m.ConstantAttr(DwAt.BitOffset) is { } bo)
                {
                    ulong storage = m.ConstantAttr(DwAt.ByteSize) ?? type.Size;
                    bits += storage * 8 - bo - bitSize; // DWARF 2/3 counts from the most significant bit
                }
            }
            list.Add(new MemberInfo(m.Name ?? "", type, bits, bitSize));
        }
        return list.ToArray();
    }

    private EnumeratorInfo[] ReadEnums()
    {
        if (_die is null || _die.Tag != DwTag.EnumerationType)
        {
            return [];
        }

        return _die.Children.Where(c => c.Tag == DwTag.Enumerator)
            .Select(c => new EnumeratorInfo(c.Name ?? "", c.Attribute(DwAt.ConstValue) is { } v ? v.Value.Signed : 0)).ToArray();
    }

    private ParameterInfo[] ReadParams()
    {
        if (_die is null || _die.Tag is not (DwTag.SubroutineType or DwTag.Subprogram))
        {
            return [];
        }

        // A subprogram's parameters may take their names and types from an abstract origin (an out-of-line copy).
        return _die.Children.Where(c => c.Tag == DwTag.FormalParameter)
            .Select((c, i) => new ParameterInfo(i, c.InheritedAttribute(DwAt.Name)?.Value.String ?? "",
                c.InheritedRef(DwAt.Type) is { } td ? Of(td) : Void))
            .ToArray();
    }
}
