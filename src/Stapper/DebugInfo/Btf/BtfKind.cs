namespace Stapper.DebugInfo.Btf;

/// <summary>BTF_KIND_* (include/uapi/linux/btf.h).</summary>
public enum BtfKind : byte
{
    Unknown = 0,
    Int = 1,
    Ptr = 2,
    Array = 3,
    Struct = 4,
    Union = 5,
    Enum = 6,
    Fwd = 7,
    Typedef = 8,
    Volatile = 9,
    Const = 10,
    Restrict = 11,
    Func = 12,
    FuncProto = 13,
    Var = 14,
    DataSec = 15,
    Float = 16,
    DeclTag = 17,
    TypeTag = 18,
    Enum64 = 19,
}

/// <summary>BTF_INT_* encoding bits.</summary>
[Flags]
public enum BtfIntEncoding : byte { None = 0, Signed = 1, Char = 2, Bool = 4 }

/// <summary>BTF_FUNC_* (a FUNC's vlen) and BTF_VAR_* linkage.</summary>
public enum BtfLinkage : uint { Static = 0, Global = 1, Extern = 2 }

public static class BtfKindNames
{
    /// <summary>The name bpftool prints ("INT", "FUNC_PROTO", ...).</summary>
    public static string ToBpftoolName(this BtfKind kind) => kind switch
    {
        BtfKind.Int => "INT",
        BtfKind.Ptr => "PTR",
        BtfKind.Array => "ARRAY",
        BtfKind.Struct => "STRUCT",
        BtfKind.Union => "UNION",
        BtfKind.Enum => "ENUM",
        BtfKind.Fwd => "FWD",
        BtfKind.Typedef => "TYPEDEF",
        BtfKind.Volatile => "VOLATILE",
        BtfKind.Const => "CONST",
        BtfKind.Restrict => "RESTRICT",
        BtfKind.Func => "FUNC",
        BtfKind.FuncProto => "FUNC_PROTO",
        BtfKind.Var => "VAR",
        BtfKind.DataSec => "DATASEC",
        BtfKind.Float => "FLOAT",
        BtfKind.DeclTag => "DECL_TAG",
        BtfKind.TypeTag => "TYPE_TAG",
        BtfKind.Enum64 => "ENUM64",
        _ => "UNKNOWN",
    };
}
