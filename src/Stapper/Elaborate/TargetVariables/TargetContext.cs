using Stapper.DebugInfo;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>What target variables can see in one probe: the prototype its site names, at entry or return.</summary>
internal sealed record TargetContext(ITargetVariableSite Site, FunctionInfo Function)
{
    public bool IsReturn => Site.Return;

    /// <summary>
    /// The context of a probe whose sites are all one target-variable site, else null (no target variables).
    /// The kernel's types are opened only for such a probe.
    /// </summary>
    public static TargetContext? For(IReadOnlyList<ProbeSite> sites, Lazy<IKernelTypes?> types)
    {
        if (sites.Count != 1 || sites[0] is not ITargetVariableSite site)
        {
            return null;
        }
        var kernel = site.NeedsKernelTypes ? types.Value : null;
        if (site.NeedsKernelTypes && kernel is null)
        {
            return null;
        }
        return site.Prototype(kernel) is { } function ? new TargetContext(site, function) : null;
    }
}
