namespace Stapper.DebugInfo;

/// <summary>
/// An SDT marker seen as a prototype, so target variables and <c>$$parms</c> treat it as they treat a function:
/// parameters <c>arg1</c>..<c>argN</c>, each a <c>long</c> (a marker's arguments carry no types).
/// </summary>
public static class SdtPrototype
{
    public static FunctionInfo For(string mark, int arity) =>
        new(mark, "", new Synthetic(TypeKind.Function, "", 0, true,
            [.. Enumerable.Range(1, arity).Select(i => new ParameterInfo(i - 1, "arg" + i, Long))]), "");

    private static readonly TypeInfo Long = new Synthetic(TypeKind.Integer, "long int", 8, true, []);

    private sealed class Synthetic(TypeKind kind, string name, ulong size, bool signed, IReadOnlyList<ParameterInfo> parameters) : TypeInfo
    {
        public override TypeKind Kind => kind;
        public override string Name => name;
        public override ulong Size => size;
        public override TypeInfo? Target => kind == TypeKind.Function ? Long : null;
        public override IReadOnlyList<MemberInfo> Members => [];
        public override IReadOnlyList<EnumeratorInfo> Enumerators => [];
        public override IReadOnlyList<ParameterInfo> Parameters => parameters;
        public override bool IsVariadic => false;
        public override ulong ElementCount => 0;
        public override bool IsSigned => signed;
        public override bool IsUnionForward => false;
        public override long Id => -1;
    }
}
