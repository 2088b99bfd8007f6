using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// kernel.trace on the tracepoint's probe list (templates/probes/tracepoint.liquid): a handler with the
/// tracepoint's arity keeps its arguments on its stack for the probe's target variables.
/// </summary>
internal sealed class TracepointEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(TracepointSite)];

    public IReadOnlyList<string> Templates { get; } = ["tracepoint"];

    public IReadOnlyList<KernelFeature> Features { get; } = [];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe)
    {
        if (site is not TracepointSite t)
        {
            return null;
        }
        return new SiteCode("tracepoint", new Dictionary<string, object?>
        {
            ["tracepoint"] = CNames.StringLiteral(t.Tracepoint),
            ["args"] = Enumerable.Range(0, t.Arity).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(),
        });
    }
}
