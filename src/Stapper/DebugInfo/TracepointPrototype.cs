namespace Stapper.DebugInfo;

/// <summary>
/// A tracepoint's arguments as a prototype: the types of its <c>btf_trace_NAME</c> typedef (BTF gives that
/// function pointer's parameters no names) without the leading <c>void *</c>, named from the header's TP_PROTO.
/// </summary>
public static class TracepointPrototype
{
    /// <summary>The tracepoint's prototype from vmlinux's BTF, or null when it has no such typedef (e.g. a module's).</summary>
    public static FunctionInfo? Find(ModuleDebugInfo kernel, TracepointDeclaration declaration)
    {
        var proto = kernel.Typedef("btf_trace_" + declaration.Name)?.Resolve().Target?.Resolve();
        if (proto is null || proto.Kind != TypeKind.Function || proto.Parameters.Count == 0)
        {
            return null;
        }
        var parameters = proto.Parameters.Skip(1).Select((p, i) => new ParameterInfo(i,
            i < declaration.ParameterNames.Length && declaration.ParameterNames.Length == proto.Parameters.Count - 1
                ? declaration.ParameterNames[i]
                : "arg" + (i + 1), p.Type)).ToList();
        return new FunctionInfo(declaration.Name, "kernel", new RenamedPrototype(proto, parameters), "");
    }
}
