using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// What a kernel.function site must provide for its probe's target variables: full pt_regs at entry
/// (a kprobe rather than the register-less ftrace_ops path), and for a return probe the argument
/// registers saved by the kretprobe's entry handler.
/// </summary>
internal static class TargetVariableSites
{
    public static void Describe(Probe probe, Dictionary<string, object?> model)
    {
        var targets = BoundWalker.Nodes(probe.Body).OfType<BoundTargetValue>().ToList();
        model["needs_regs"] = targets.Any(t => t.NeedsRegisters);
        model["saves_args"] = targets.Any(t => t.NeedsSavedArguments);
    }
}
