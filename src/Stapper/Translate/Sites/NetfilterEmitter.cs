using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// netfilter hooks (templates/probes/netfilter.liquid): an nf_hook_ops registered in every network namespace,
/// present and future, through pernet operations; the handler keeps stap's context values for the target
/// variables and lets the packet through (NF_ACCEPT).
/// </summary>
internal sealed class NetfilterEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(NetfilterSite)];

    public IReadOnlyList<string> Templates { get; } = ["netfilter"];

    public IReadOnlyList<KernelFeature> Features { get; } = [];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe)
    {
        if (site is not NetfilterSite n)
        {
            return null;
        }
        return new SiteCode("netfilter", new Dictionary<string, object?>
        {
            ["family"] = n.Family.ToString(CultureInfo.InvariantCulture),
            ["hook"] = n.Hook.ToString(CultureInfo.InvariantCulture),
            // INT_MIN written as a number is an unsigned long in C; the macro keeps it an int.
            ["priority"] = n.Priority == int.MinValue ? "INT_MIN" : n.Priority.ToString(CultureInfo.InvariantCulture),
        });
    }
}
