using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// stap's "no match" for a probe point of a family that names nothing in the target, said while resolving the point;
/// `?` silences it. A family that knows its names adds the five closest (stap's "similar functions: ...").
/// </summary>
internal static class NoMatch
{
    public static void Report(ProbePoint point, ProviderContext context, string? near = null, IEnumerable<string>? names = null,
        string kind = "function")
    {
        if (point.Optional)
        {
            return;
        }
        var similar = near is not null && names is not null ? Suggestions.Closest(StripFile(near), names) : "";
        var message = similar.Length == 0 ? "no match" : $"no match (similar {kind}{(similar.Contains(',') ? "s" : "")}: {similar})";
        var first = point.Components[0];
        context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.no-match", "semantic error", "while resolving probe point", first.Span,
            "identifier '" + first.Functor + "'", null, new Diagnostic(Severity.Error, "sema.no-match", "semantic error", message, null)));
    }

    // stap suggests for the function's name without its @FILE part
    private static string StripFile(string pattern) => pattern.IndexOf('@') is var at and >= 0 ? pattern[..at] : pattern;
}
