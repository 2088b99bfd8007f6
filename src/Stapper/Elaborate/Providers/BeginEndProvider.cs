using System.Collections.Immutable;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary><c>begin</c>, <c>end</c>, <c>error</c> with an optional sequence number, and <c>never</c>.</summary>
internal sealed class BeginEndProvider : IProbeProvider
{
    public IReadOnlyList<string> Functors { get; } = ["begin", "end", "error", "never"];

    public IReadOnlyList<string> ProbeTypes { get; } = ["begin", "begin(number)", "end", "end(number)", "error", "error(number)", "never"];

    public IReadOnlyList<Type> Sites { get; } = [typeof(BeginSite), typeof(EndSite), typeof(ErrorSite), typeof(NeverSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        if (point.Components.Length != 1)
        {
            return false;
        }
        var c = point.Components[0];
        var name = ProbePointText.Format(point);
        var sequence = c.Number() ?? 0;
        ProbeSite? site = c.Functor switch
        {
            "begin" => new BeginSite(sequence, name, point.Optional, point.Span),
            "end" => new EndSite(sequence, name, point.Optional, point.Span),
            "error" => new ErrorSite(sequence, name, point.Optional, point.Span),
            "never" when c.Argument is null => new NeverSite(name, point.Optional, point.Span),
            _ => null,
        };
        if (site is null || c.Argument is StringLiteral)
        {
            return false;
        }
        sites = [site];
        return true;
    }
}
