using System.Collections.Immutable;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Elaborate;

/// <summary>
/// <c>process[("PATH")|(PID)].syscall[.return]</c>: a system call made, or returning, in a user thread of every
/// process, of those running Path or of process Pid (and with -c/-x only in the target's hierarchy). Its variables
/// are stap's: <c>$syscall</c>, <c>$arg1</c>..<c>$arg6</c> at entry (<c>$$parms</c> lists those), <c>$return</c> at
/// return, read from the user's registers the raw_syscalls tracepoints pass (context argument 0) and the system
/// call's number or return value (argument 1).
/// </summary>
public sealed record ProcessSyscallSite(
    string? Path,
    long? Pid,
    bool Return,
    string Name,
    bool Optional,
    SourceSpan Span) : ProbeSite(Name, Optional, Span), ITargetVariableSite
{
    private const string Syscall = "syscall";

    /// <summary>The offset of orig_ax in x86_64's pt_regs: the system call's number, kept there through its return.</summary>
    private const long OrigAx = 120;

    public string? Module => null;

    public bool NeedsKernelTypes => false;

    public FunctionInfo? Prototype(IKernelTypes? types) => Return
        ? LongPrototype.Of("syscall.return", [Syscall])
        : LongPrototype.Of("syscall", [.. Enumerable.Range(1, 6).Select(i => "arg" + i), Syscall]);

    public ImmutableArray<TargetStep>? Load(int index) => !Return && index == 6 ? [new LoadContextArgument(1)] : null;

    public ImmutableArray<TargetStep>? Address(int index, bool saved) => (Return, index) switch
    {
        (true, 0) => [new LoadContextArgument(0), new AddOffset(OrigAx)],
        (false, < 6) => [new LoadContextArgument(0), new AddOffset(KernelFunctionSite.SyscallRegisterOffsets[index])],
        _ => null,
    };

    public string ParameterLabel(string name) => name == Syscall ? "" : "$" + name;

    public string? NoSuchVariable(string name) => name switch
    {
        "return" => "only \"process(PATH_OR_PID).syscall.return\" support $return.",
        _ when name.StartsWith("arg", StringComparison.Ordinal) && int.TryParse(name.AsSpan(3), out var n) && !Return
            => n is < 1 or > 6 ? "invalid syscall argument number (1-6)" : null,
        _ when name.StartsWith("arg", StringComparison.Ordinal) => "only \"process(PATH_OR_PID).syscall\" support $argN or $$parms.",
        _ => "invalid target symbol for utrace probe, $syscall, $return, $argN or $$parms expected",
    };
}
