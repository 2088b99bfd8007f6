using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// kernel.function entry on ftrace_ops with a kprobe fallback (templates/probes/kprobe.liquid), return on a
/// fprobe's exit handler where the build tree has fprobe, with a kretprobe fallback (kretprobe.liquid,
/// runtime/stp_fprobe.h). What the probe's target variables read decides the registers: at entry, $params
/// alone are read from the argument registers ftrace saves for the callback (stp_ftrace_args.h); anything more of
/// pt_regs needs a kprobe. A return probe gets full pt_regs either way, and reads the argument registers its entry
/// handler saved in the call's entry_data (fprobe) or instance data (kretprobe).
/// Embedded C that reads the registers (a syscall alias's arguments) needs a kprobe as well.
/// </summary>
internal sealed class KernelFunctionEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(KernelFunctionSite)];

    public IReadOnlyList<string> Templates { get; } = ["kprobe", "kretprobe"];

    /// <summary>
    /// Newer kernels' opaque struct ftrace_regs, its pt_regs reached through linux/ftrace_regs.h (stp_ftrace_args.h);
    /// the fprobe handler form stp_fprobe.h is written for: an int entry handler, pt_regs and ret_ip, nr_maxactive.
    /// </summary>
    public IReadOnlyList<KernelFeature> Features { get; } =
    [
        new("STAPCONF_FTRACE_REGS_H", "linux/ftrace_regs.h", "define arch_ftrace_regs("),
        new("STAPCONF_FPROBE_ENTRY_CB", "linux/fprobe.h", "typedef int (*fprobe_entry_cb)"),
        new("STAPCONF_FPROBE_PT_REGS", "linux/fprobe.h", "unsigned long ret_ip, struct pt_regs *regs,"),
        new("STAPCONF_FPROBE_MAXACTIVE", "linux/fprobe.h", "nr_maxactive;"),
    ];

    /// <summary>The argument registers ftrace saves for an ftrace_ops callback (x86_64's first six).</summary>
    private const int FtraceArguments = 6;

    public SiteCode? Emit(ProbeSite site, SiteProbe probe)
    {
        if (site is not KernelFunctionSite k)
        {
            return null;
        }
        var nodes = BoundWalker.Nodes(probe.Probe.Body).ToList();
        var targets = nodes.OfType<BoundTargetValue>().ToList();
        // $params alone (read, the first six) come from the registers an ftrace_ops callback gets; anything else
        // in pt_regs (other registers, $return, a guru write to a parameter, embedded C) needs a kprobe.
        var argsOnly = targets.All(t => t.Steps.All(s => s is not (LoadReturnValue or LoadRegister or AddRegister)
                && s is not LoadParameter { Saved: false, Index: >= FtraceArguments }))
            && !nodes.OfType<BoundTargetWrite>().Any() && !probe.ReadsRegisters;
        var readsArgs = targets.Any(t => t.NeedsRegisters);
        var model = new Dictionary<string, object?>
        {
            ["symbol"] = CNames.StringLiteral(k.Symbol),
            ["maxactive"] = k.MaxActive.ToString(CultureInfo.InvariantCulture),
            ["needs_regs"] = (readsArgs && !argsOnly) || probe.ReadsRegisters,
            // A module's function is always a kprobe (kprobe.liquid says why): its $params come from pt_regs.
            ["reads_args"] = readsArgs && argsOnly && !k.Return && k.Module is null,
            ["saves_args"] = targets.Any(t => t.NeedsSavedArguments),
        };
        if (k.Module is not null)
        {
            model["module"] = CNames.StringLiteral(k.Module);
        }
        return new SiteCode(k.Return ? "kretprobe" : "kprobe", model) { RegistersInReverse = true };
    }
}
