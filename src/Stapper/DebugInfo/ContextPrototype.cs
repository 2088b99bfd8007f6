using Stapper.Elaborate.TargetVariables;

namespace Stapper.DebugInfo;

/// <summary>
/// A probe's context values (a netfilter hook's <c>$skb</c>, <c>$in</c>...) as a prototype, so the target
/// variable machinery reads them from the probe context like tracepoint arguments. Types are named as
/// @cast spells them, a trailing <c>*</c> making a pointer.
/// </summary>
public static class ContextPrototype
{
    /// <summary>The prototype, or null when the kernel's types lack one of the named types.</summary>
    public static FunctionInfo? Build(string name, IReadOnlyList<(string Name, string Type)> values, IKernelTypes types)
    {
        var parameters = new List<ParameterInfo>();
        foreach (var (valueName, typeName) in values)
        {
            var pointer = typeName.EndsWith('*');
            var type = types.NamedType(pointer ? typeName.TrimEnd('*').Trim() : typeName, null);
            if (type is null)
            {
                return null;
            }
            parameters.Add(new ParameterInfo(parameters.Count, valueName, pointer ? new PointerType(type) : type));
        }
        // Its return type is never read (no return probes here).
        return new FunctionInfo(name, "kernel", new SyntheticType(TypeKind.Function, "", 0, false, parameters[0].Type, parameters, long.MinValue), "");
    }
}
