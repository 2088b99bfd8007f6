namespace Stapper.DebugInfo.Btf;

/// <summary><see cref="TypeInfo"/> over one BTF type. Created by <see cref="BtfTypeFactory"/>, which shares instances.</summary>
internal sealed class BtfTypeInfo : TypeInfo
{
    private readonly BtfTypeFactory _factory;
    private readonly BtfType _t;
    private IReadOnlyList<MemberInfo>? _members;
    private IReadOnlyList<ParameterInfo>? _params;
    private IReadOnlyList<EnumeratorInfo>? _enums;
    private string? _name;

    public BtfTypeInfo(BtfTypeFactory factory, BtfType t)
    {
        _factory = factory;
        _t = t;
    }

    public BtfType Raw => _t;
    public override long Id => _t.Id;

    public override TypeKind Kind => _t.Kind switch
    {
        BtfKind.Unknown => TypeKind.Void,
        BtfKind.Int => TypeKind.Integer,
        BtfKind.Float => TypeKind.Float,
        BtfKind.Ptr => TypeKind.Pointer,
        BtfKind.Array => TypeKind.Array,
        BtfKind.Struct => TypeKind.Struct,
        BtfKind.Union => TypeKind.Union,
        BtfKind.Enum or BtfKind.Enum64 => TypeKind.Enum,
        BtfKind.Fwd => TypeKind.Forward,
        BtfKind.Typedef => TypeKind.Typedef,
        BtfKind.Const => TypeKind.Const,
        BtfKind.Volatile => TypeKind.Volatile,
        BtfKind.Restrict => TypeKind.Restrict,
        BtfKind.TypeTag => TypeKind.TypeTag,
        BtfKind.FuncProto => TypeKind.Function,
        var k => throw new DebugInfoFormatException(_t.File.Name, 0, $"BTF type [{_t.Id}] of kind {k} is not a data type"),
    };

    public override string Name => _name ??= _t.Kind is BtfKind.Unknown ? "void" : _t.Name;

    public override ulong Size => SizeOf(_t, 0);

    private ulong SizeOf(BtfType t, int depth)
    {
        for (int guard = 0; guard < 256 && depth < 64; guard++)
        {
            switch (t.Kind)
            {
                case BtfKind.Int:
                case BtfKind.Float:
                case BtfKind.Struct:
                case BtfKind.Union:
                case BtfKind.Enum:
                case BtfKind.Enum64:
                case BtfKind.DataSec:
                    return t.Size;
                case BtfKind.Ptr:
                    return _factory.PointerSize;
                case BtfKind.Array:
                    {
                        var a = t.Array;
                        return SizeOf(_factory.Raw(a.ElementType), depth + 1) * a.ElementCount;
                    }
                case BtfKind.Typedef:
                case BtfKind.Const:
                case BtfKind.Volatile:
                case BtfKind.Restrict:
                case BtfKind.TypeTag:
                case BtfKind.Var:
                    t = _factory.Raw(t.Type);
                    continue;
                default:
                    return 0;
            }
        }
        throw new DebugInfoFormatException(_t.File.Name, 0, $"BTF type [{_t.Id}]: type chain too long (cycle?)");
    }

    public override TypeInfo? Target => _t.Kind switch
    {
        BtfKind.Ptr or BtfKind.Typedef or BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict or BtfKind.TypeTag
            or BtfKind.FuncProto => _factory.Get(_t.Type),
        BtfKind.Array => _factory.Get(_t.Array.ElementType),
        _ => null,
    };

    public override IReadOnlyList<MemberInfo> Members => _members ??= ReadMembers();
    public override IReadOnlyList<EnumeratorInfo> Enumerators => _enums ??= ReadEnums();
    public override IReadOnlyList<ParameterInfo> Parameters => _params ??= ReadParams();

    public override bool IsVariadic
    {
        get
        {
            if (_t.Kind != BtfKind.FuncProto || _t.VLen == 0)
            {
                return false;
            }

            var last = _t.Param(_t.VLen - 1);
            return last.Type == 0 && last.NameOffset == 0;
        }
    }

    public override ulong ElementCount => _t.Kind == BtfKind.Array ? _t.Array.ElementCount : 0;

    public override bool IsSigned => _t.Kind switch
    {
        BtfKind.Int => (_t.IntEncoding & BtfIntEncoding.Signed) != 0,
        BtfKind.Enum or BtfKind.Enum64 => _t.EnumIsSigned,
        _ => false,
    };

    public override bool IsUnionForward => _t.Kind == BtfKind.Fwd && _t.FwdIsUnion;

    private MemberInfo[] ReadMembers()
    {
        if (_t.Kind is not (BtfKind.Struct or BtfKind.Union))
        {
            return [];
        }

        var result = new MemberInfo[_t.VLen];
        for (int i = 0; i < result.Length; i++)
        {
            var m = _t.Member(i);
            result[i] = new MemberInfo(_t.File.String(m.NameOffset), _factory.Get(m.Type), m.BitOffset, m.BitFieldSize);
        }
        return result;
    }

    private ParameterInfo[] ReadParams()
    {
        if (_t.Kind != BtfKind.FuncProto)
        {
            return [];
        }

        int n = _t.VLen;
        if (IsVariadic)
        {
            n--;
        }

        var result = new ParameterInfo[n];
        for (int i = 0; i < n; i++)
        {
            var p = _t.Param(i);
            result[i] = new ParameterInfo(i, _t.File.String(p.NameOffset), _factory.Get(p.Type));
        }
        return result;
    }

    private EnumeratorInfo[] ReadEnums()
    {
        if (_t.Kind is not (BtfKind.Enum or BtfKind.Enum64))
        {
            return [];
        }

        var result = new EnumeratorInfo[_t.VLen];
        for (int i = 0; i < result.Length; i++)
        {
            var e = _t.EnumValue(i);
            result[i] = new EnumeratorInfo(_t.File.String(e.NameOffset), e.Value);
        }
        return result;
    }
}

/// <summary>Hands out shared <see cref="TypeInfo"/> objects for the types of one BTF file (and its base).</summary>
internal sealed class BtfTypeFactory
{
    private readonly BtfFile _btf;
    private readonly Dictionary<uint, BtfTypeInfo> _cache = new();
    private readonly BtfTypeFactory? _baseFactory;

    public BtfTypeFactory(BtfFile btf, BtfTypeFactory? baseFactory)
    {
        _btf = btf;
        _baseFactory = baseFactory;
    }

    public ulong PointerSize { get; init; } = 8;
    public BtfFile Btf => _btf;

    public BtfType Raw(uint id) => _btf.Type(id);

    public TypeInfo Get(uint id)
    {
        if (id != 0 && id < _btf.FirstTypeId && _baseFactory is not null)
        {
            return _baseFactory.Get(id);
        }

        lock (_cache)
        {
            if (_cache.TryGetValue(id, out var t))
            {
                return t;
            }

            var raw = _btf.Type(id);
            if (raw.Kind is BtfKind.Func or BtfKind.Var or BtfKind.DataSec or BtfKind.DeclTag)
            {
                throw new DebugInfoFormatException(_btf.Name, 0, $"BTF type [{id}] ({raw.Kind}) used where a data type is expected");
            }

            t = new BtfTypeInfo(this, raw);
            _cache[id] = t;
            return t;
        }
    }
}
