using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary><c>begin</c>, <c>end</c> and <c>error</c> run once from the session (templates/probes/begin.liquid); <c>never</c> has no C.</summary>
internal sealed class BeginEndEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(BeginSite), typeof(EndSite), typeof(ErrorSite), typeof(NeverSite)];

    public IReadOnlyList<string> Templates { get; } = ["begin"];

    public IReadOnlyList<KernelFeature> Features { get; } = [];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe) => site switch
    {
        BeginSite b => Run("STP_SESSION_STARTING", SessionRole.Begin, b.Sequence),
        EndSite e => Run("STP_SESSION_STOPPING", SessionRole.End, e.Sequence),
        ErrorSite e => Run("STP_SESSION_ERROR", SessionRole.Error, e.Sequence),
        _ => null,
    };

    private static SiteCode Run(string state, SessionRole role, long sequence) =>
        new("begin", new Dictionary<string, object?> { ["state"] = state }, role, sequence);
}
