using System.Buffers.Binary;

namespace Stapper.DebugInfo.Btf;

/// <summary>struct btf_member / btf_param / btf_enum / btf_var_secinfo, decoded.</summary>
public readonly record struct BtfMember(uint NameOffset, uint Type, uint BitOffset, uint BitFieldSize);
public readonly record struct BtfParam(uint NameOffset, uint Type);
public readonly record struct BtfEnumValue(uint NameOffset, long Value);
public readonly record struct BtfVarSecInfo(uint Type, uint Offset, uint Size);
public readonly record struct BtfArray(uint ElementType, uint IndexType, uint ElementCount);

/// <summary>
/// A view of one type record (struct btf_type plus its kind-specific tail) in a <see cref="BtfFile"/>.
/// Cheap to copy; decodes on access.
/// </summary>
public readonly struct BtfType
{
    private readonly BtfFile _file;
    private readonly int _offset; // within the file's type section

    internal BtfType(BtfFile file, uint id, int offset)
    {
        _file = file;
        Id = id;
        _offset = offset;
    }

    public uint Id { get; }
    /// <summary>The BTF file that holds this record (a module's or the base vmlinux's).</summary>
    public BtfFile File => _file;
    public bool IsVoid => Id == 0;

    private uint Word(int index) => _file.ReadTypeWord(_offset + index * 4);

    public uint NameOffset => IsVoid ? 0 : Word(0);
    private uint Info => IsVoid ? 0 : Word(1);
    public BtfKind Kind => IsVoid ? BtfKind.Unknown : (BtfKind)((Info >> 24) & 0x1f);
    public int VLen => (int)(Info & 0xffff);
    public bool KindFlag => (Info >> 31) != 0;
    /// <summary>size (INT, ENUM, STRUCT, UNION, DATASEC, FLOAT, ENUM64) or type (the rest).</summary>
    public uint SizeOrType => IsVoid ? 0 : Word(2);
    public uint Size => SizeOrType;
    public uint Type => SizeOrType;

    public string Name => _file.String(NameOffset);
    public ReadOnlySpan<byte> NameBytes => _file.StringBytes(NameOffset);

    /// <summary>For INT: the raw u32 after btf_type.</summary>
    public uint IntData => Expect(BtfKind.Int) ? Word(3) : 0;
    public BtfIntEncoding IntEncoding => (BtfIntEncoding)((IntData >> 24) & 0x0f);
    public uint IntOffset => (IntData >> 16) & 0xff;
    public uint IntBits => IntData & 0xff;

    public BtfArray Array => Expect(BtfKind.Array) ? new BtfArray(Word(3), Word(4), Word(5)) : default;

    public BtfLinkage FuncLinkage => (BtfLinkage)VLen;
    public BtfLinkage VarLinkage => Expect(BtfKind.Var) ? (BtfLinkage)Word(3) : default;
    public int DeclTagComponentIndex => Expect(BtfKind.DeclTag) ? (int)Word(3) : 0;
    public bool FwdIsUnion => KindFlag;
    public bool EnumIsSigned => KindFlag;

    public BtfMember Member(int i)
    {
        CheckIndex(i, BtfKind.Struct, BtfKind.Union);
        uint name = Word(3 + 3 * i), type = Word(4 + 3 * i), off = Word(5 + 3 * i);
        return KindFlag ? new BtfMember(name, type, off & 0xffffff, off >> 24) : new BtfMember(name, type, off, 0);
    }

    public BtfParam Param(int i)
    {
        CheckIndex(i, BtfKind.FuncProto, BtfKind.FuncProto);
        return new BtfParam(Word(3 + 2 * i), Word(4 + 2 * i));
    }

    public BtfEnumValue EnumValue(int i)
    {
        if (Kind == BtfKind.Enum)
        {
            CheckIndex(i, BtfKind.Enum, BtfKind.Enum);
            uint raw = Word(4 + 2 * i);
            return new BtfEnumValue(Word(3 + 2 * i), KindFlag ? (int)raw : raw);
        }
        CheckIndex(i, BtfKind.Enum64, BtfKind.Enum64);
        ulong v = Word(4 + 3 * i) | ((ulong)Word(5 + 3 * i) << 32);
        return new BtfEnumValue(Word(3 + 3 * i), (long)v);
    }

    public BtfVarSecInfo VarSecInfo(int i)
    {
        CheckIndex(i, BtfKind.DataSec, BtfKind.DataSec);
        return new BtfVarSecInfo(Word(3 + 3 * i), Word(4 + 3 * i), Word(5 + 3 * i));
    }

    /// <summary>The type this one refers to (PTR, TYPEDEF, CV, TYPE_TAG, FUNC, VAR, DECL_TAG, ARRAY element), or null.</summary>
    public uint? Referenced => Kind switch
    {
        BtfKind.Ptr or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict or BtfKind.TypeTag
            or BtfKind.Func or BtfKind.Var or BtfKind.DeclTag or BtfKind.FuncProto => SizeOrType,
        BtfKind.Array => Array.ElementType,
        _ => null,
    };

    private bool Expect(BtfKind k)
    {
        if (Kind != k)
        {
            throw new InvalidOperationException($"BTF type [{Id}] is {Kind}, not {k}");
        }

        return true;
    }

    private void CheckIndex(int i, BtfKind a, BtfKind b)
    {
        var k = Kind;
        if (k != a && k != b)
        {
            throw new InvalidOperationException($"BTF type [{Id}] is {k}, not {a}");
        }

        if ((uint)i >= (uint)VLen)
        {
            throw new ArgumentOutOfRangeException(nameof(i), $"BTF type [{Id}] has {VLen} entries");
        }
    }

    public override string ToString() => $"[{Id}] {Kind.ToBpftoolName()} '{(NameOffset == 0 ? "(anon)" : Name)}'";

    /// <summary>Size in bytes of the kind-specific data after struct btf_type.</summary>
    internal static long TailSize(BtfKind kind, int vlen) => kind switch
    {
        BtfKind.Int => 4,
        BtfKind.Array => 12,
        BtfKind.Struct or BtfKind.Union => 12L * vlen,
        BtfKind.Enum => 8L * vlen,
        BtfKind.FuncProto => 8L * vlen,
        BtfKind.Var => 4,
        BtfKind.DataSec => 12L * vlen,
        BtfKind.DeclTag => 4,
        BtfKind.Enum64 => 12L * vlen,
        BtfKind.Ptr or BtfKind.Fwd or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
            or BtfKind.Func or BtfKind.Float or BtfKind.TypeTag => 0,
        _ => -1,
    };

    internal static uint ReadWord(ReadOnlySpan<byte> s, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
}
