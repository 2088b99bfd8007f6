using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// User-space sites on uprobes (templates/probes/uprobe.liquid, runtime/stp_uprobe.h): a function's entry on the
/// consumer's handler, its return on the ret_handler (a uretprobe), an SDT marker at its address with its semaphore
/// as the uprobe's reference counter. Which uprobe_register the kernel has is probed
/// from the build tree. Process and thread lifecycles on the scheduler's tracepoints (process.liquid, stp_process.h),
/// system calls on the raw_syscalls ones (process_syscall.liquid, stp_syscall_site.h).
/// </summary>
internal sealed class UserProcessEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(UserFunctionSite), typeof(ProcessLifecycleSite), typeof(UserMarkSite), typeof(ProcessSyscallSite),
        typeof(UserPltSite), typeof(UserStatementSite)];

    public IReadOnlyList<string> Templates { get; } = ["uprobe", "process", "process_syscall"];

    public IReadOnlyList<KernelFeature> Features { get; } =
    [
        new("STAPCONF_UPROBE_UNREGISTER_NOSYNC", "linux/uprobes.h", "uprobe_unregister_nosync("),
        new("STAPCONF_UPROBE_REGISTER_REFCTR", "linux/uprobes.h", "uprobe_register_refctr("),
        new("STAPCONF_TASK_WORK_CANCEL_CB", "linux/task_work.h", "task_work_cancel_func("),
    ];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe) => site switch
    {
        // A marker's semaphore is counted up by the kernel while the uprobe is registered (uprobe_register_refctr).
        UprobeSite u => Uprobe(u, u is UserMarkSite m ? m.SemaphoreOffset : 0, PerfReads(probe.Probe)),
        ProcessLifecycleSite p => new SiteCode("process", new Dictionary<string, object?>
        {
            ["path"] = p.Path is null ? "NULL" : CNames.StringLiteral(p.Path),
            ["pid"] = (p.Pid ?? 0).ToString(CultureInfo.InvariantCulture),
            ["event"] = p.Event switch
            {
                ProcessEvent.Begin => "begin",
                ProcessEvent.End => "end",
                ProcessEvent.ThreadBegin => "thread_begin",
                _ => "thread_end",
            },
        }),
        ProcessSyscallSite s => new SiteCode("process_syscall", new Dictionary<string, object?>
        {
            ["tracepoint"] = s.Return ? "sys_exit" : "sys_enter",
            ["path"] = s.Path is null ? "NULL" : CNames.StringLiteral(s.Path),
            ["pid"] = (s.Pid ?? 0).ToString(CultureInfo.InvariantCulture),
        }),
        _ => null,
    };

    /// <summary>
    /// stap 4.8 keeps a uprobe's perf values on its handler's stack: more than 16 in one probe only in guru mode, else
    /// its pass-3 error naming the most any probe reads.
    /// </summary>
    public static void CheckPerfValues(ElaboratedProgram program, Diagnostics.DiagnosticBag diagnostics)
    {
        var most = program.Probes.Where(p => p.Sites.Any(s => s is UprobeSite)).Select(p => PerfReads(p).Count).DefaultIfEmpty(0).Max();
        if (!program.GuruMode && most > MaxPerfValues)
        {
            diagnostics.Error("translate.perf-values", "semantic error", $"Too many simultaneous uses of perf values ({most} is greater than {MaxPerfValues})", null);
        }
    }

    private const int MaxPerfValues = 16;

    /// <summary>The perf counters the probe's @perf reads, in slot order: the handler reads them before the probe runs.</summary>
    private static List<Dictionary<string, object?>> PerfReads(Probe probe) =>
        [.. BoundWalker.Nodes(probe.Body).OfType<BoundPerfRead>().Where(r => r.Counter is not null).DistinctBy(r => r.Slot).OrderBy(r => r.Slot)
            .Select(r => new Dictionary<string, object?> { ["slot"] = r.Slot, ["site"] = CNames.PerfCounter(r.Counter!) })];

    private static SiteCode Uprobe(UprobeSite u, ulong refCounter, List<Dictionary<string, object?>>? perf = null)
    {
        var model = new Dictionary<string, object?>
        {
            ["pid"] = (u.Pid ?? 0).ToString(CultureInfo.InvariantCulture),
            ["program"] = u.Program is null ? "NULL" : CNames.StringLiteral(u.Program),
            ["path"] = CNames.StringLiteral(u.Path),
            ["offset"] = "0x" + u.FileOffset.ToString("x", CultureInfo.InvariantCulture),
            ["ref_ctr_offset"] = "0x" + refCounter.ToString("x", CultureInfo.InvariantCulture),
            ["return"] = u.Return,
        };
        if (perf is { Count: > 0 })
        {
            // @perf's counters, and how many argument words their slots take
            model["perf"] = perf;
            model["perf_size"] = (int)perf[^1]["slot"]! + 1;
        }
        return new SiteCode("uprobe", model);
    }
}
