using System.Collections.Immutable;
using System.Globalization;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.Diagnostics;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Elaborate;

/// <summary>
/// A source line, label or address in the kernel: <c>kernel.statement("f@FILE:N")</c>, <c>module("m").statement(...)</c>,
/// <c>kernel.function("f").label("L")</c>, <c>kernel.statement(ADDR)</c>: a kprobe at <see cref="Symbol"/> plus
/// <see cref="Offset"/> (from the DWARF line table), which KASLR and a module's load address leave valid. Absolute:
/// <c>kernel.statement(ADDR).absolute</c> (guru mode), a kprobe at that very address. Module null is vmlinux.
/// A source line's target variables are the parameters and locals DWARF places at its address: in a register, at
/// register+offset, or a constant; others (frame-base relative, optimized out there) are "not accessible" as in stap.
/// </summary>
public sealed record KernelStatementSite(
    string Symbol,
    string? Module,
    ulong Offset,
    ulong? Absolute,
    string Name,
    bool Optional,
    SourceSpan Span) : ProbeSite(Name, Optional, Span), ITargetVariableSite
{
    /// <summary>The variables visible at the statement, as a prototype's parameters (in DIE order); null: none known.</summary>
    public FunctionInfo? Scope { get; init; }

    public ImmutableArray<StatementVariable> Variables { get; init; } = [];

    /// <summary>The statement's DWARF address (stap's "pc" in its errors).</summary>
    public ulong Pc { get; init; }

    public bool Return => false;

    public FunctionInfo? Prototype(IKernelTypes? types) => Scope;

    public bool NeedsKernelTypes => false;

    public bool IsLocal(int index) => index >= 0 && index < Variables.Length && !Variables[index].IsParameter;

    public ImmutableArray<TargetStep>? Load(int index) => Place(index) switch
    {
        InRegister r => [new LoadRegister(r.Field), .. Narrowed(index)],
        RegisterPlusOffset r => [new LoadRegister(r.Field), new AddOffset(r.Offset), .. Narrowed(index)],
        ConstantValue k => [new LoadConstant(k.Value), .. Narrowed(index)],
        _ => null,
    };

    public ImmutableArray<TargetStep>? Address(int index, bool saved) =>
        Place(index) is AtRegisterOffset m ? [new LoadRegister(m.Field), new AddOffset(m.Offset)] : null;

    public string? Unreadable(int index) => Place(index) is Unavailable or null
        ? "not accessible at this address (pc: 0x" + Pc.ToString("x", CultureInfo.InvariantCulture) + ") [man error::dwarf]"
        : null;

    private VariablePlace? Place(int index) => index >= 0 && index < Variables.Length ? Variables[index].Place : null;

    /// <summary>An integer narrower than the register keeps its own bytes.</summary>
    private TargetStep[] Narrowed(int index) =>
        Variables[index].Type.Resolve() is { Kind: TypeKind.Integer or TypeKind.Enum, Size: > 0 and < 8 } t ? [new Narrow((int)t.Size, t.IsSigned)] : [];
}
