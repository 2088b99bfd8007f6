using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>stap's "no match" for a probe point of a family that names nothing in the target; `?` silences it.</summary>
internal static class NoMatch
{
    public static void Report(ProbePoint point, ProviderContext context)
    {
        if (!point.Optional)
        {
            context.Diagnostics.Error("sema.no-match", "semantic error", "no match", point.Span,
                "identifier '" + point.Components[0].Functor + "'");
        }
    }
}
