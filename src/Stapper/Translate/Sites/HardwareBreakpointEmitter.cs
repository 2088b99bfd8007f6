using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// kernel.data sites (templates/probes/hwbkpt.liquid, runtime/stp_hwbkpt.h): a wide hardware breakpoint at the address,
/// or at the symbol's, looked up in the running kernel when the session starts.
/// </summary>
internal sealed class HardwareBreakpointEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(HardwareBreakpointSite)];

    public IReadOnlyList<string> Templates { get; } = ["hwbkpt"];

    public IReadOnlyList<KernelFeature> Features { get; } = [];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe) => site is not HardwareBreakpointSite h ? null : new SiteCode("hwbkpt", new Dictionary<string, object?>
    {
        ["address"] = "0x" + h.Address.ToString("x", CultureInfo.InvariantCulture) + "UL",
        ["symbol"] = h.Symbol is null ? "NULL" : CNames.StringLiteral(h.Symbol),
        ["length"] = h.Length.ToString(CultureInfo.InvariantCulture) + "L",
        ["type"] = h.ReadToo ? "HW_BREAKPOINT_R | HW_BREAKPOINT_W" : "HW_BREAKPOINT_W",
    });
}
