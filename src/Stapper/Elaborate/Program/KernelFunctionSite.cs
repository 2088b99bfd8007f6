using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Elaborate;

/// <summary>
/// A function entry or return in the kernel: <c>kernel.function("f")</c>, <c>kprobe.function("f")</c>,
/// <c>module("m").function("f")</c>. Module null is vmlinux. MaxActive 0 means the default.
/// Entry sites may sit on ftrace_ops where the function is ftrace-able; Return sites on an fprobe where the kernel
/// has fprobe and the function is ftrace-able, else on kretprobes.
/// Its target variables are the function's parameters and return value.
/// </summary>
public sealed record KernelFunctionSite(
    string Symbol,
    string? Module,
    bool Return,
    int MaxActive,
    string Name,
    bool Optional,
    SourceSpan Span) : ProbeSite(Name, Optional, Span), ITargetVariableSite
{
    /// <summary>
    /// A syscall wrapper (<c>__x64_sys_NAME</c>) has the user's pt_regs as its one parameter; the system call's own
    /// parameters follow it, read from those registers (<see cref="Address"/>), as stap reads them from DWARF.
    /// </summary>
    public FunctionInfo? Prototype(IKernelTypes? types)
    {
        if (Scope is not null)
        {
            return Scope;
        }
        var function = types?.Function(Symbol, Module);
        if (function is null || SyscallName is not { } name || types!.Syscall(name) is not { } syscall)
        {
            return function;
        }
        var parameters = function.Parameters
            .Concat(syscall.Parameters.Select((p, i) => p with { Index = function.Parameters.Count + i })).ToList();
        return new FunctionInfo(function.Name, function.Module, new RenamedPrototype(function.Prototype, parameters), function.Linkage);
    }

    /// <summary>A compiler copy's (NAME.isra.N) variables at its entry from DWARF, as a prototype's parameters; null: BTF's.</summary>
    public FunctionInfo? Scope { get; init; }

    public System.Collections.Immutable.ImmutableArray<DebugInfo.Dwarf.StatementVariable> Variables { get; init; } = [];

    /// <summary>The entry's DWARF address (stap's "pc" in its errors).</summary>
    public ulong Pc { get; init; }

    public System.Collections.Immutable.ImmutableArray<TargetStep>? Load(int index) =>
        Scope is null || Return ? null : StatementPlaces.Load(Variables, index);

    public bool IsLocal(int index) => Scope is not null && StatementPlaces.IsLocal(Variables, index);

    /// <summary>-L lists a compiler copy's variables that DWARF places at its entry, as stap does.</summary>
    public bool Listed(int index) => Scope is null || StatementPlaces.Located(Variables, index);

    /// <summary>DWARF places hold at the entry only; a return probe does not save them (BTF's register parameters it does).</summary>
    public string? Unreadable(int index) => Scope is null ? null
        : Return ? "not accessible at the return of a compiler copy of a function (Stapper saves only BTF's register parameters)"
        : StatementPlaces.Unreadable(Variables, index, Pc);

    public ProbeSite? AtEntry(string name) => Return ? this with { Return = false, Name = name } : null;

    /// <summary>stap's DWARF scope search finds the compile unit's globals after the parameters; a return reads them at entry.</summary>
    public bool CapturedAtEntry(string name, IKernelTypes? types) =>
        Return && name != "return" && Prototype(types) is { } function
        && function.Parameters.All(p => p.Name != name) && types!.Global(name, null, Module, function.Name) is not null;

    /// <summary>NAME of a syscall wrapper <c>__x64_sys_NAME</c> in vmlinux, else null.</summary>
    private string? SyscallName => Module is null && Symbol.StartsWith(SyscallWrapperPrefix, StringComparison.Ordinal)
        ? Symbol[SyscallWrapperPrefix.Length..]
        : null;

    private const string SyscallWrapperPrefix = "__x64_sys_";

    /// <summary>
    /// Where system call parameter N (index N, after the wrapper's regs) lives: the user's register for it in the
    /// saved pt_regs, x86_64's syscall order di, si, dx, r10, r8, r9 at their ptrace-ABI offsets.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<TargetStep>? Address(int index, bool saved) =>
        Scope is not null ? (Return ? null : StatementPlaces.Address(Variables, index))
        : SyscallName is not null && index >= 1 && index <= SyscallRegisterOffsets.Length
            ? [new LoadParameter(0, saved), new AddOffset(SyscallRegisterOffsets[index - 1])]
            : null;

    /// <summary>pt_regs offsets of a system call's arguments on x86_64: di, si, dx, r10, r8, r9.</summary>
    internal static readonly long[] SyscallRegisterOffsets = [112, 104, 96, 56, 72, 64];
}
