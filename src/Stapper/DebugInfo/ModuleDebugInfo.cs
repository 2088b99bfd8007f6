using Stapper.DebugInfo.Btf;
using Stapper.Matching;

namespace Stapper.DebugInfo;

/// <summary>
/// Queries over the BTF of vmlinux ("kernel") or of one module (split BTF over vmlinux's), in SystemTap's
/// terms. Functions are the module's own; types are looked up in the module first, then in vmlinux.
/// </summary>
public sealed class ModuleDebugInfo : IDisposable
{
    private readonly BtfTypeFactory _types;

    /// <summary>Queries over a standalone BTF (no base): tools and tests.</summary>
    public ModuleDebugInfo(string name, BtfFile btf) : this(name, btf, null, btf.Name)
    {
    }

    internal ModuleDebugInfo(string name, BtfFile btf, BtfTypeFactory? baseTypes, string source)
    {
        Name = name;
        Btf = btf;
        Source = source;
        _types = new BtfTypeFactory(btf, baseTypes);
    }

    internal BtfTypeFactory Types => _types;

    /// <summary>"kernel" or the module name (with '_' as the kernel spells it).</summary>
    public string Name { get; }
    /// <summary>Where the BTF came from (a path, possibly with "(.BTF)").</summary>
    public string Source { get; }
    public BtfFile Btf { get; }

    public bool HasFunction(string name) => Btf.FindByName(name, BtfKind.Func).Any(t => t.File == Btf);

    /// <summary>Distinct names of functions matching <paramref name="glob"/>, in BTF order.</summary>
    public IEnumerable<string> FunctionsMatching(string glob)
    {
        if (!Glob.HasWildcards(glob))
        {
            if (HasFunction(glob))
            {
                yield return glob;
            }

            yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in Btf.OwnTypesMatching(BtfKind.Func, glob))
        {
            var n = t.Name;
            if (seen.Add(n))
            {
                yield return n;
            }
        }
    }

    /// <summary>The function named <paramref name="name"/>, or null. When BTF has several (static functions of the
    /// same name in different files), the first is returned; see <see cref="Functions"/>.</summary>
    public FunctionInfo? Function(string name) => Functions(name).FirstOrDefault();

    public IEnumerable<FunctionInfo> Functions(string name)
    {
        foreach (var t in Btf.FindByName(name, BtfKind.Func))
        {
            if (t.File != Btf)
            {
                yield break; // functions are the module's own
            }

            var proto = _types.Get(t.Type);
            if (proto.Kind != TypeKind.Function)
            {
                throw new DebugInfoFormatException(Btf.Name, 0, $"BTF FUNC [{t.Id}] '{name}' refers to {proto.Kind}, not a prototype");
            }

            yield return new FunctionInfo(name, Name, proto, t.FuncLinkage switch
            {
                BtfLinkage.Static => "static",
                BtfLinkage.Global => "global",
                _ => "extern",
            });
        }
    }

    /// <summary>struct NAME (a definition, not a forward), or null.</summary>
    public TypeInfo? Struct(string name) => Named(name, BtfKind.Struct);
    public TypeInfo? Union(string name) => Named(name, BtfKind.Union);
    public TypeInfo? Enum(string name) => Named(name, BtfKind.Enum) ?? Named(name, BtfKind.Enum64);
    public TypeInfo? Typedef(string name) => Named(name, BtfKind.Typedef);

    /// <summary>A type by its C spelling: "struct task_struct", "union bpf_attr", "enum pid_type", "size_t", "int".</summary>
    public TypeInfo? Type(string cName)
    {
        cName = cName.Trim();
        if (cName.StartsWith("struct ", StringComparison.Ordinal))
        {
            return Struct(cName[7..].Trim());
        }

        if (cName.StartsWith("union ", StringComparison.Ordinal))
        {
            return Union(cName[6..].Trim());
        }

        if (cName.StartsWith("enum ", StringComparison.Ordinal))
        {
            return Enum(cName[5..].Trim());
        }

        return Typedef(cName) ?? Named(cName, BtfKind.Int) ?? Named(cName, BtfKind.Float);
    }

    /// <summary>A type by BTF id (of this module's BTF, ids below its first own id are vmlinux's).</summary>
    public TypeInfo TypeById(uint id) => _types.Get(id);

    /// <summary>Global/static variable NAME (BTF VAR: per-cpu variables in 6.x kernels), or null.</summary>
    public TypeInfo? VariableType(string name)
    {
        var v = Btf.FindFirst(name, BtfKind.Var);
        return v is { } t ? _types.Get(t.Type) : null;
    }

    private TypeInfo? Named(string name, BtfKind kind)
    {
        var t = Btf.FindFirst(name, kind);
        return t is { } x ? _types.Get(x.Id) : null;
    }

    public void Dispose() => Btf.Dispose();
}
