using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// One step of a target-variable access, run on a single machine word from left to right:
/// the first step loads the word, the others turn an address into the next one or into the value.
/// </summary>
public abstract record TargetStep;

/// <summary>Parameter <see cref="Index"/> by the x86_64 calling convention (rdi, rsi, rdx, rcx, r8, r9);
/// Saved: the value kept at function entry, for a return probe.</summary>
public sealed record LoadParameter(int Index, bool Saved) : TargetStep;

/// <summary>Argument <see cref="Index"/> as the probe's handler received it, kept in the probe context (a tracepoint's).</summary>
public sealed record LoadContextArgument(int Index) : TargetStep;

/// <summary>The function's return value (rax) in a return probe.</summary>
public sealed record LoadReturnValue : TargetStep;

/// <summary>A script value, e.g. the pointer given to @cast.</summary>
public sealed record LoadValue(BoundExpression Value) : TargetStep;

/// <summary>A register of the probe's <c>pt_regs</c> by its field name (an SDT marker's argument).</summary>
public sealed record LoadRegister(string Field) : TargetStep;

/// <summary>A constant (an SDT marker's argument).</summary>
public sealed record LoadConstant(long Value) : TargetStep;

/// <summary>
/// The address of a global variable (@var). Kernel (Module "kernel"): Offset from _stext, and FromJiffies its distance
/// from <c>jiffies</c>, which the module reaches by relocation, so the sum holds under KASLR. User space (Module the
/// binary's path): Offset is its link-time address, plus the load bias of the file's mapping in the current process
/// when Relocatable (a PIE or shared library). A kernel module's (Module its name): Symbol, found in the module's
/// kallsyms at run time, as the module's data moves with each load.
/// </summary>
public sealed record LoadGlobal(string Module, ulong Offset, long FromJiffies = 0, bool Relocatable = false, string? Symbol = null) : TargetStep
{
    public bool User => Module.StartsWith('/');

    public bool KernelModule => !User && Module != "kernel";
}

/// <summary>Adds register Field times Scale (an indexed memory operand).</summary>
public sealed record AddRegister(string Field, int Scale) : TargetStep;

/// <summary>Reads Size bytes of the probed process's memory at the address with a fault check; Signed extends the sign.</summary>
public sealed record FetchUser(int Size, bool Signed) : TargetStep;

/// <summary>Adds a constant byte offset (a member).</summary>
public sealed record AddOffset(long Bytes) : TargetStep;

/// <summary>Adds Index * Scale bytes (an array element).</summary>
public sealed record AddIndex(BoundExpression Index, long Scale) : TargetStep;

/// <summary>Reads Size bytes at the address with a fault check; Signed extends the sign.</summary>
public sealed record Fetch(int Size, bool Signed) : TargetStep;

/// <summary>Keeps the low Size bytes of the word (a register holding a narrower type).</summary>
public sealed record Narrow(int Size, bool Signed) : TargetStep;

/// <summary>The word combined with a constant (Or, And, Xor) or shifted by it (Shl, Shr unsigned, Shra arithmetic), as a
/// DWARF location computes a value.</summary>
public sealed record CombineConstant(DebugInfo.Dwarf.PlaceOp Op, long Operand) : TargetStep;

/// <summary>Reads a bit field: the storage unit of Size bytes at the address, Bits bits from bit Shift.</summary>
public sealed record FetchBits(int Size, int Shift, int Bits, bool Signed) : TargetStep;

/// <summary>
/// <c>$var</c>, <c>$var->member[i]</c>, <c>&amp;$var->member</c>, <c>@cast(p, "type")->member</c>: a long
/// computed by <see cref="Steps"/>. Token names the expression for runtime errors ("identifier '$file'").
/// </summary>
public sealed record BoundTargetValue(ImmutableArray<TargetStep> Steps, SourceSpan Span)
    : BoundExpression(StapType.Long, Span)
{
    /// <summary>What -p2 needs to show it as stap does; null for a value built without a source expression.</summary>
    public TargetOrigin? Origin { get; init; }

    /// <summary>The script expressions inside: @cast's operand, array indexes.</summary>
    public IEnumerable<BoundExpression> Operands => Steps.Select(s => s switch
    {
        LoadValue v => v.Value,
        AddIndex i => i.Index,
        _ => null,
    }).OfType<BoundExpression>();

    /// <summary>Reads function arguments or the return value, so the probe needs its pt_regs.</summary>
    public bool NeedsRegisters => Steps.Any(s => s is LoadParameter { Saved: false } or LoadReturnValue or LoadRegister or AddRegister);

    /// <summary>Reads arguments saved at entry (a return probe).</summary>
    public bool NeedsSavedArguments => Steps.Any(s => s is LoadParameter { Saved: true });
}

/// <summary>
/// <c>$var = v</c> in guru mode: Target's steps locate what is written, a register (a parameter at entry, the return
/// value) or memory (its last step a <see cref="Fetch"/>, whose size is the width written). Its value is v. Target is
/// a <see cref="BoundUnresolvedTarget"/> when it did not resolve: the write stays (it is never elided), so its error does.
/// </summary>
public sealed record BoundTargetWrite(BoundExpression Target, BoundExpression Value, SourceSpan Span)
    : BoundExpression(StapType.Long, Span)
{
    /// <summary>Whether the steps end where a write can go: memory, a parameter's register at entry, or the return value.</summary>
    public static bool Writable(BoundTargetValue target) => target.Steps switch
    {
        [.., Fetch] or [.., FetchUser] => true,
        [LoadParameter { Saved: false }] or [LoadParameter { Saved: false }, Narrow] => true,
        [LoadReturnValue] or [LoadReturnValue, Narrow] => true,
        _ => false,
    };
}

/// <summary>
/// The source side of a <see cref="BoundTargetValue"/> as stap 4.8's -p2 shows it: the function its dwarf expansion
/// synthesizes, <c>__private_FILE__dwarf_tvar_get_NAME_N</c> (<c>_dwarf_cast_get_cast_N</c> for @cast), called with
/// the operands named in <see cref="Parameters"/> (aligned with <see cref="BoundTargetValue.Operands"/>; null for an
/// operand the location already holds, a literal index). <see cref="ContextList"/> names the <c>$$parms</c>-style
/// list the value was expanded from, if any.
/// </summary>
public sealed record TargetOrigin(bool IsCast, string Name, ImmutableArray<string?> Parameters, string? ContextList = null);

/// <summary>
/// A target expression that did not resolve. Its error is already reported, but as in stap it counts only if the
/// expression survives the optimizer: reading it has no side effect (so an unused read is elided) and its type is
/// unknown (so it causes no type mismatch of its own).
/// </summary>
public sealed record BoundUnresolvedTarget(SourceSpan Span) : BoundExpression(StapType.Unknown, Span);
