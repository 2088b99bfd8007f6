using System.Collections.Immutable;
using System.Globalization;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;

namespace Stapper.Elaborate;

/// <summary>
/// The target steps of a variable at a statement, from where DWARF places it there (kernel and user statements alike):
/// a register's value, register+offset as a value or as the variable's address, a constant, or straight-line steps from
/// a register (<see cref="Computed"/>); anything else is stap's "not accessible at this address".
/// </summary>
internal static class StatementPlaces
{
    /// <param name="user">The place's loads read the probed process's memory (a user statement).</param>
    public static ImmutableArray<TargetStep>? Load(ImmutableArray<StatementVariable> variables, int index, bool user = false) => Place(variables, index) switch
    {
        InRegister r => [new LoadRegister(r.Field), .. Narrowed(variables[index])],
        RegisterPlusOffset r => [new LoadRegister(r.Field), new AddOffset(r.Offset), .. Narrowed(variables[index])],
        ConstantValue k => [new LoadConstant(k.Value), .. Narrowed(variables[index])],
        Computed { IsValue: true } c => [.. Steps(c, user), .. Narrowed(variables[index])],
        _ => null,
    };

    public static ImmutableArray<TargetStep>? Address(ImmutableArray<StatementVariable> variables, int index, bool user = false) => Place(variables, index) switch
    {
        AtRegisterOffset m => [new LoadRegister(m.Field), new AddOffset(m.Offset)],
        Computed { IsValue: false } c => [.. Steps(c, user)],
        _ => null,
    };

    private static IEnumerable<TargetStep> Steps(Computed place, bool user) => place.Steps.Select<PlaceStep, TargetStep>(s => s.Op switch
    {
        PlaceOp.Register => new LoadRegister(s.Field!),
        PlaceOp.Constant => new LoadConstant(s.Operand),
        PlaceOp.Add => new AddOffset(s.Operand),
        PlaceOp.Load when user => new FetchUser((int)s.Operand, false),
        PlaceOp.Load => new Fetch((int)s.Operand, false),
        PlaceOp.Or or PlaceOp.And or PlaceOp.Xor or PlaceOp.Shl or PlaceOp.Shr or PlaceOp.Shra => new CombineConstant(s.Op, s.Operand),
        _ => new Narrow((int)s.Operand, false),
    });

    public static string? Unreadable(ImmutableArray<StatementVariable> variables, int index, ulong pc) => Place(variables, index) switch
    {
        Unavailable or null => "not accessible at this address (pc: 0x" + pc.ToString("x", CultureInfo.InvariantCulture) + ") [man error::dwarf]",
        UnresolvedEntryValue => "DW_OP entry_value unable to resolve value",
        _ => null,
    };

    /// <summary>DWARF gives variable <paramref name="index"/> a location (or a constant value) at the statement.</summary>
    public static bool Located(ImmutableArray<StatementVariable> variables, int index) => Place(variables, index) is not (Unavailable { Absent: true } or null);

    public static bool IsLocal(ImmutableArray<StatementVariable> variables, int index) =>
        index >= 0 && index < variables.Length && !variables[index].IsParameter;

    private static VariablePlace? Place(ImmutableArray<StatementVariable> variables, int index) =>
        index >= 0 && index < variables.Length ? variables[index].Place : null;

    /// <summary>An integer narrower than the register keeps its own bytes.</summary>
    private static TargetStep[] Narrowed(StatementVariable variable) =>
        variable.Type.Resolve() is { Kind: TypeKind.Integer or TypeKind.Enum, Size: > 0 and < 8 } t ? [new Narrow((int)t.Size, t.IsSigned)] : [];
}
