using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// perf.* sites (templates/probes/perf.liquid, runtime/stp_perf.h): a perf_event_attr of the site's type, config and
/// period (or frequency), counted on every CPU or in each process running the site's program. A counter site
/// (<c>.counter("NAME")</c>) is named by its counter (CNames.PerfCounter), for the uprobe handlers that read it.
/// </summary>
internal sealed class PerfEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(PerfSite)];

    public IReadOnlyList<string> Templates { get; } = ["perf"];

    /// <summary>stp_perf.h finds programs with the user-space runtime's helpers (stp_process.h, stp_uprobe.h), which need these.</summary>
    public IReadOnlyList<KernelFeature> Features { get; } = [.. new UserProcessEmitter().Features, PerfEventReadValue];

    /// <summary>@perf's read: is it exported to modules (the build tree's Module.symvers, beside include/)?</summary>
    public static KernelFeature PerfEventReadValue { get; } = new("STAPCONF_PERF_EVENT_READ_VALUE", "../Module.symvers", "\tperf_event_read_value\t");

    public SiteCode? Emit(ProbeSite site, SiteProbe probe)
    {
        if (site is not PerfSite p)
        {
            return null;
        }
        var model = new Dictionary<string, object?>
        {
            // The attr's fields are unsigned: written as C unsigned constants, a negative number keeps its bits as stap's does.
            ["type"] = ((uint)p.Type).ToString(CultureInfo.InvariantCulture) + "U",
            ["config"] = ((ulong)p.Config).ToString(CultureInfo.InvariantCulture) + "ULL",
            ["period"] = ((ulong)p.Period).ToString(CultureInfo.InvariantCulture) + "ULL",
            ["frequency"] = p.Frequency,
            ["path"] = p.Program is null ? "NULL" : CNames.StringLiteral(p.Program),
        };
        if (p.Counter is not null)
        {
            model["counter"] = CNames.PerfCounter(p.Counter)["stp_perf_counter_".Length..];
        }
        return new SiteCode("perf", model);
    }
}
