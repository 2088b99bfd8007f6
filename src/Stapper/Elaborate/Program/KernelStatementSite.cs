using System.Collections.Immutable;
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
/// register+offset (the frame base's too), a constant or computed; others (pieces, optimized out there) are "not
/// accessible" as in stap.
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

    /// <summary>The label a <c>.label("L")</c> point names: -l/-L add it to the name pp() gives, as stap.</summary>
    public string? Label { get; init; }

    /// <summary>The statement's DWARF address (stap's "pc" in its errors).</summary>
    public ulong Pc { get; init; }

    public bool Return => false;

    public FunctionInfo? Prototype(IKernelTypes? types) => Scope;

    public bool NeedsKernelTypes => false;

    public bool IsLocal(int index) => StatementPlaces.IsLocal(Variables, index);

    public bool Listed(int index) => StatementPlaces.Located(Variables, index);

    public ImmutableArray<TargetStep>? Load(int index) => StatementPlaces.Load(Variables, index);

    public ImmutableArray<TargetStep>? Address(int index, bool saved) => StatementPlaces.Address(Variables, index);

    public string? Unreadable(int index) => StatementPlaces.Unreadable(Variables, index, Pc);
}
