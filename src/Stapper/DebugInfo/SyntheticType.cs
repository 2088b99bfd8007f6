namespace Stapper.DebugInfo;

/// <summary>
/// A type made here rather than read from BTF or DWARF: a scalar such as <c>long</c>, or a function type over values
/// a probe provides (an SDT marker's arguments, a netfilter hook's context). It has no members or enumerators.
/// </summary>
public sealed class SyntheticType(TypeKind kind, string name, ulong size, bool signed, TypeInfo? target, IReadOnlyList<ParameterInfo> parameters,
    long id = -1) : TypeInfo
{
    public override TypeKind Kind => kind;
    public override string Name => name;
    public override ulong Size => size;
    public override TypeInfo? Target => target;
    public override IReadOnlyList<MemberInfo> Members => [];
    public override IReadOnlyList<EnumeratorInfo> Enumerators => [];
    public override IReadOnlyList<ParameterInfo> Parameters => parameters;
    public override bool IsVariadic => false;
    public override ulong ElementCount => 0;
    public override bool IsSigned => signed;
    public override bool IsUnionForward => false;
    public override long Id => id;
}
