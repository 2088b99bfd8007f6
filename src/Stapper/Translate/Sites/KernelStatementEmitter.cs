using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>A statement, label or address in the kernel: a kprobe at symbol+offset, or at an absolute address
/// (templates/probes/kstatement.liquid); a module's waits for the module as a module's function entry does.</summary>
internal sealed class KernelStatementEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(KernelStatementSite)];

    public IReadOnlyList<string> Templates { get; } = ["kstatement"];

    public IReadOnlyList<KernelFeature> Features { get; } = [];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe)
    {
        if (site is not KernelStatementSite k)
        {
            return null;
        }
        var model = new Dictionary<string, object?>
        {
            ["symbol"] = CNames.StringLiteral(k.Symbol),
            ["offset"] = "0x" + k.Offset.ToString("x", CultureInfo.InvariantCulture) + "UL",
        };
        if (k.Absolute is { } address)
        {
            model["address"] = "0x" + address.ToString("x", CultureInfo.InvariantCulture) + "UL";
        }
        if (k.Module is not null)
        {
            model["module"] = CNames.StringLiteral(k.Module);
        }
        return new SiteCode("kstatement", model);
    }
}
