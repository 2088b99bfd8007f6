namespace Stapper.DebugInfo;

/// <summary>A function type with other parameters: named ones (a tracepoint's), or more of them (a syscall wrapper's).</summary>
public sealed class RenamedPrototype(TypeInfo proto, IReadOnlyList<ParameterInfo> parameters) : TypeInfo
{
    public override TypeKind Kind => proto.Kind;
    public override string Name => proto.Name;
    public override ulong Size => proto.Size;
    public override TypeInfo? Target => proto.Target;
    public override IReadOnlyList<MemberInfo> Members => proto.Members;
    public override IReadOnlyList<EnumeratorInfo> Enumerators => proto.Enumerators;
    public override IReadOnlyList<ParameterInfo> Parameters => parameters;
    public override bool IsVariadic => false;
    public override ulong ElementCount => 0;
    public override bool IsSigned => false;
    public override bool IsUnionForward => false;
    public override long Id => proto.Id;
}
