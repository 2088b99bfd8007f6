using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// Whether a probe reaches, through calls at any depth, embedded C marked <c>/* pragma:regs */</c>
/// (it reads <c>CONTEXT-&gt;regs</c>): its kernel.function sites must then be kprobes, since the
/// ftrace_ops fast path runs the handler without registers.
/// </summary>
internal sealed class RegisterUse(CallGraph calls)
{
    public bool ReadsRegisters(Probe probe) => calls.ReachableFrom(probe.Body).Any(f => f.Embedded is { ReadsRegisters: true });
}
