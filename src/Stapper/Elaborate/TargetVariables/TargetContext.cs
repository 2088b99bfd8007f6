using Stapper.DebugInfo;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>What target variables can see in one probe: the probed function's prototype, at entry or return.</summary>
internal sealed record TargetContext(KernelFunctionSite Site, FunctionInfo Function)
{
    public bool IsReturn => Site.Return;

    /// <summary>The context of a probe whose sites are all one kernel function, else null (no target variables).</summary>
    public static TargetContext? For(IReadOnlyList<ProbeSite> sites, IKernelTypes? types)
    {
        if (types is null || sites.Count != 1 || sites[0] is not KernelFunctionSite site)
        {
            return null;
        }
        return types.Function(site.Symbol, site.Module) is { } function ? new TargetContext(site, function) : null;
    }
}
