using System.Text;

namespace Stapper.DebugInfo;

/// <summary>What a type is, in C terms (the same for BTF and DWARF).</summary>
public enum TypeKind
{
    Void,
    Integer,
    Float,
    Pointer,
    Array,
    Struct,
    Union,
    Enum,
    /// <summary>A declared but not defined struct or union (BTF FWD, DWARF declaration).</summary>
    Forward,
    Typedef,
    Const,
    Volatile,
    Restrict,
    /// <summary>BTF TYPE_TAG (btf_type_tag("user") etc.): transparent for access.</summary>
    TypeTag,
    /// <summary>A function type (prototype).</summary>
    Function,
}

/// <summary>A struct or union member. <see cref="BitOffset"/> is from the start of the outermost
/// struct searched (see <see cref="TypeInfo.FindMember"/>), in bits.</summary>
public sealed record MemberInfo(string Name, TypeInfo Type, ulong BitOffset, uint BitFieldSize)
{
    /// <summary>Byte offset (of the storage unit start for bit fields: BitOffset / 8).</summary>
    public ulong Offset => BitOffset / 8;
    public bool IsBitField => BitFieldSize != 0;

    /// <summary>For bit fields: byte offset of the naturally aligned storage unit of the member's declared type
    /// that holds the field (what pahole prints and DWARF 2-4 DW_AT_data_member_location gives); else <see cref="Offset"/>.</summary>
    public ulong StorageUnitOffset
    {
        get
        {
            if (!IsBitField)
            {
                return Offset;
            }

            ulong unit = Type.Size;
            if (unit == 0)
            {
                return Offset;
            }

            return BitOffset / (unit * 8) * unit;
        }
    }

    /// <summary>For bit fields: the first bit within the storage unit at <see cref="StorageUnitOffset"/> (little-endian numbering).</summary>
    public ulong BitOffsetInUnit => BitOffset - StorageUnitOffset * 8;
    public bool IsAnonymous => Name.Length == 0;
    public override string ToString() => $"{Type.Declare(Name)} /* bit {BitOffset}{(IsBitField ? $":{BitFieldSize}" : "")} */";
}

public sealed record EnumeratorInfo(string Name, long Value);

/// <summary>A function parameter (or a prototype's).</summary>
public sealed record ParameterInfo(int Index, string Name, TypeInfo Type)
{
    public override string ToString() => Type.Declare(Name);
}

/// <summary>
/// A type, backend-neutral. Members, parameters and targets are decoded on first access.
/// </summary>
public abstract class TypeInfo
{
    public abstract TypeKind Kind { get; }
    /// <summary>The type's own name ("task_struct", "size_t", "int"), "" if anonymous or a modifier.</summary>
    public abstract string Name { get; }
    /// <summary>Size in bytes (following typedefs and modifiers; 0 for void, forwards and functions).</summary>
    public abstract ulong Size { get; }
    /// <summary>Pointee, array element, typedef/modifier target, function return type; null for void when pointed to.</summary>
    public abstract TypeInfo? Target { get; }
    public abstract IReadOnlyList<MemberInfo> Members { get; }
    public abstract IReadOnlyList<EnumeratorInfo> Enumerators { get; }
    public abstract IReadOnlyList<ParameterInfo> Parameters { get; }
    public abstract bool IsVariadic { get; }
    /// <summary>Array element count (0 for flexible arrays).</summary>
    public abstract ulong ElementCount { get; }
    /// <summary>Integer or enum signedness.</summary>
    public abstract bool IsSigned { get; }
    /// <summary>A forward declaration of a union (rather than a struct).</summary>
    public abstract bool IsUnionForward { get; }
    /// <summary>Identity within its back-end, for cycle checks and equality (e.g. the BTF type id).</summary>
    public abstract long Id { get; }

    public bool IsVoid => Kind == TypeKind.Void;
    public bool IsAggregate => Kind is TypeKind.Struct or TypeKind.Union;
    public bool IsModifier => Kind is TypeKind.Typedef or TypeKind.Const or TypeKind.Volatile or TypeKind.Restrict or TypeKind.TypeTag;

    /// <summary>Follows typedef, const, volatile, restrict and type tags to the underlying type.</summary>
    public TypeInfo Resolve()
    {
        var t = this;
        for (int guard = 0; t.IsModifier && t.Target is { } next; guard++)
        {
            if (guard > 256)
            {
                throw new DebugInfoFormatException(Name, Id, "type modifier chain too long (cycle?)");
            }

            t = next;
        }
        return t;
    }

    /// <summary>Finds member <paramref name="name"/> of this struct/union (after <see cref="Resolve"/>),
    /// looking into anonymous struct/union members as C does. The result's BitOffset is from the start of this type.</summary>
    public MemberInfo? FindMember(string name)
    {
        var t = Resolve();
        if (!t.IsAggregate)
        {
            return null;
        }

        return FindMember(t, name, 0, 0, new HashSet<long>());
    }

    private static MemberInfo? FindMember(TypeInfo t, string name, ulong baseBits, int depth, HashSet<long> visited)
    {
        if (depth > 64 || !visited.Add(t.Id))
        {
            return null;
        }

        foreach (var m in t.Members)
        {
            if (m.Name == name)
            {
                return m with { BitOffset = baseBits + m.BitOffset };
            }
        }
        foreach (var m in t.Members)
        {
            if (!m.IsAnonymous)
            {
                continue;
            }

            var inner = m.Type.Resolve();
            if (!inner.IsAggregate)
            {
                continue;
            }

            var found = FindMember(inner, name, baseBits + m.BitOffset, depth + 1, visited);
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>The C spelling of the type: "struct task_struct *", "const char *", "int (*)(void *)".</summary>
    public string CName => Declare("");

    /// <summary>A C declaration of <paramref name="declarator"/> with this type: "char comm[16]".</summary>
    public string Declare(string declarator) => Declare(this, declarator, 0, [4096]);

    private static string Declare(TypeInfo t, string inner, int depth, int[] budget)
    {
        // depth bounds a chain, budget the whole tree (prototypes whose parameters lead back to themselves).
        if (depth > 64 || --budget[0] < 0)
        {
            return "?" + (inner.Length > 0 ? " " + inner : "");
        }

        switch (t.Kind)
        {
            case TypeKind.Pointer:
                {
                    var target = t.Target;
                    string next = "*" + inner;
                    if (target is not null && target.Kind is TypeKind.Array or TypeKind.Function)
                    {
                        next = "(" + next + ")";
                    }

                    return target is null ? Join("void", next) : Declare(target, next, depth + 1, budget);
                }
            case TypeKind.Const:
            case TypeKind.Volatile:
            case TypeKind.Restrict:
                {
                    string q = t.Kind switch { TypeKind.Const => "const", TypeKind.Volatile => "volatile", _ => "restrict" };
                    var target = t.Target;
                    if (target is null)
                    {
                        return Join(q + " void", inner);
                    }

                    if (target.Kind == TypeKind.Pointer)
                    {
                        return Declare(target, Join(q, inner), depth + 1, budget);
                    }

                    return q + " " + Declare(target, inner, depth + 1, budget);
                }
            case TypeKind.TypeTag:
                return t.Target is null ? Join("void", inner) : Declare(t.Target, inner, depth + 1, budget);
            case TypeKind.Array:
                {
                    string next = inner + "[" + (t.ElementCount == 0 ? "" : t.ElementCount.ToString(System.Globalization.CultureInfo.InvariantCulture)) + "]";
                    return t.Target is null ? Join("void", next) : Declare(t.Target, next, depth + 1, budget);
                }
            case TypeKind.Function:
                {
                    var sb = new StringBuilder();
                    sb.Append(inner).Append('(');
                    var ps = t.Parameters;
                    for (int i = 0; i < ps.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(", ");
                        }

                        sb.Append(Declare(ps[i].Type, ps[i].Name, depth + 1, budget));
                    }
                    if (t.IsVariadic)
                    {
                        sb.Append(ps.Count > 0 ? ", ..." : "...");
                    }
                    else if (ps.Count == 0)
                    {
                        sb.Append("void");
                    }

                    sb.Append(')');
                    return t.Target is null ? Join("void", sb.ToString()) : Declare(t.Target, sb.ToString(), depth + 1, budget);
                }
            default:
                return Join(BaseName(t), inner);
        }
    }

    private static string Join(string a, string b) => b.Length == 0 ? a : b.StartsWith('[') ? a + b : a + " " + b;

    private static string BaseName(TypeInfo t) => t.Kind switch
    {
        TypeKind.Void => "void",
        TypeKind.Struct => t.Name.Length == 0 ? "struct {...}" : "struct " + t.Name,
        TypeKind.Union => t.Name.Length == 0 ? "union {...}" : "union " + t.Name,
        TypeKind.Enum => t.Name.Length == 0 ? "enum {...}" : "enum " + t.Name,
        TypeKind.Forward => (t.IsUnionForward ? "union " : "struct ") + t.Name,
        _ => t.Name,
    };

    public override string ToString() => CName;
}

/// <summary>A function that can be probed: kernel.function("NAME") / module("M").function("NAME").</summary>
public sealed class FunctionInfo
{
    public FunctionInfo(string name, string module, TypeInfo prototype, string linkage)
    {
        Name = name;
        Module = module;
        Prototype = prototype;
        Linkage = linkage;
    }

    public string Name { get; }
    /// <summary>"kernel" for vmlinux, else the module name.</summary>
    public string Module { get; }
    /// <summary>The function type (Kind == Function).</summary>
    public TypeInfo Prototype { get; }
    /// <summary>"static", "global" or "extern".</summary>
    public string Linkage { get; }
    /// <summary>Return type; Kind == Void for void functions.</summary>
    public TypeInfo ReturnType => Prototype.Target ?? throw new InvalidOperationException("prototype without return type");
    public IReadOnlyList<ParameterInfo> Parameters => Prototype.Parameters;
    public bool IsVariadic => Prototype.IsVariadic;

    /// <summary>The C prototype: "ssize_t vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)".</summary>
    public override string ToString() => Prototype.Declare(Name);
}

/// <summary>Debug information that should exist is not there (no kernel image, no BTF, no module).</summary>
public sealed class DebugInfoNotFoundException(string message) : Exception(message);
