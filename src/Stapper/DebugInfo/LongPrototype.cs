namespace Stapper.DebugInfo;

/// <summary>
/// A site whose variables carry no C types seen as a prototype of <c>long</c>s, so target variables and <c>$$parms</c>
/// treat it as they treat a function: an SDT marker's <c>arg1</c>..<c>argN</c>, a system call's.
/// </summary>
public static class LongPrototype
{
    /// <summary>Parameters <c>arg1</c>..<c>arg<paramref name="arity"/></c> (an SDT marker's).</summary>
    public static FunctionInfo For(string name, int arity) => Of(name, [.. Enumerable.Range(1, arity).Select(i => "arg" + i)]);

    public static FunctionInfo Of(string name, IReadOnlyList<string> parameters) =>
        new(name, "", new SyntheticType(TypeKind.Function, "", 0, true, Long, [.. parameters.Select((p, i) => new ParameterInfo(i, p, Long))]), "");

    private static readonly TypeInfo Long = new SyntheticType(TypeKind.Integer, "long int", 8, true, null, []);
}
