using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// kernel.function entry on ftrace_ops with a kprobe fallback (templates/probes/kprobe.liquid), return on a
/// kretprobe (kretprobe.liquid). What the probe's target variables read decides the registers: full pt_regs
/// at entry (a kprobe rather than the register-less ftrace_ops path), and for a return probe the argument
/// registers saved by the kretprobe's entry handler. Embedded C that reads the registers (a syscall alias's
/// arguments) needs them as well.
/// </summary>
internal sealed class KernelFunctionEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(KernelFunctionSite)];

    public IReadOnlyList<string> Templates { get; } = ["kprobe", "kretprobe"];

    public IReadOnlyList<KernelFeature> Features { get; } = [new("STAPCONF_FTRACE_REGS", "linux/ftrace.h", "struct ftrace_regs")];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe)
    {
        if (site is not KernelFunctionSite k)
        {
            return null;
        }
        var targets = BoundWalker.Nodes(probe.Probe.Body).OfType<BoundTargetValue>().ToList();
        var model = new Dictionary<string, object?>
        {
            ["symbol"] = CNames.StringLiteral(k.Symbol),
            ["maxactive"] = k.MaxActive.ToString(CultureInfo.InvariantCulture),
            ["needs_regs"] = targets.Any(t => t.NeedsRegisters) || probe.ReadsRegisters,
            ["saves_args"] = targets.Any(t => t.NeedsSavedArguments),
        };
        if (k.Module is not null)
        {
            model["module"] = CNames.StringLiteral(k.Module);
        }
        return new SiteCode(k.Return ? "kretprobe" : "kprobe", model);
    }
}
