using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// What a kernel.function site must provide for its probe's target variables: full pt_regs at entry
/// (a kprobe rather than the register-less ftrace_ops path), and for a return probe the argument
/// registers saved by the kretprobe's entry handler. Embedded C that reads the registers (a syscall
/// alias's arguments) needs them as well.
/// </summary>
internal static class TargetVariableSites
{
    public static void Describe(Probe probe, RegisterUse registers, Dictionary<string, object?> model)
    {
        var targets = BoundWalker.Nodes(probe.Body).OfType<BoundTargetValue>().ToList();
        model["needs_regs"] = targets.Any(t => t.NeedsRegisters) || registers.ReadsRegisters(probe);
        model["saves_args"] = targets.Any(t => t.NeedsSavedArguments);
    }
}
