using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// stap's errors for a probe point its match tree stops on, each chained under "while resolving probe point" at the
/// point's first component: a point that ends too soon (truncated, with what may follow), a component where another
/// was expected (mismatch, with what was), and one after a complete point (invalid suffix). An optional point's are
/// silent, as stap's.
/// </summary>
internal static class ProbePointErrors
{
    /// <summary>The code of a form stap has and this translator refuses: kept through an alias's suffix.</summary>
    public const string Unsupported = "sema.unsupported-probe";

    /// <summary>Did a target take an alias's suffix and fail on it (a refused form, a perf counter's name), not reject it?</summary>
    public static bool TookSuffix(string? code) => code == Unsupported || AtSuffix(code);

    /// <summary>An error stap gives through an alias at the point as written, naming the suffix: a perf counter's, or a perf
    /// <c>.process</c> that names no program.</summary>
    public static bool AtSuffix(string? code) => code is not null
        && (code.StartsWith("sema.perf-counter-", StringComparison.Ordinal) || code.StartsWith("sema.perf-process-", StringComparison.Ordinal));

    /// <summary>A form stap accepts that this translator does not implement, refused rather than ignored.</summary>
    public static void NotSupported(ProbePoint point, ProbePointComponent at, string what, ProviderContext context) =>
        Chain(point, new Diagnostic(Severity.Error, Unsupported, "semantic error", what + " not supported by this translator", at.Span,
            "identifier '" + at.Functor + "'"), context);

    public static void Truncated(ProbePoint point, ProbePointComponent at, string follow, ProviderContext context) =>
        Report(point, at, "probe point truncated (follow:  " + follow + ")", context);

    public static void Mismatch(ProbePoint point, ProbePointComponent at, string similar, ProviderContext context) =>
        Report(point, at, "probe point mismatch (similar: " + similar + ")", context);

    public static void InvalidSuffix(ProbePoint point, ProbePointComponent at, ProviderContext context) =>
        Report(point, at, "invalid suffix for probe", context);

    public static void Report(ProbePoint point, ProbePointComponent at, string message, ProviderContext context) =>
        Chain(point, new Diagnostic(Severity.Error, "sema.probe-point", "semantic error", message, at.Span, "identifier '" + at.Functor + "'"), context);

    /// <summary>CAUSE under "while resolving probe point" (a cause without a span is printed on a line of its own).</summary>
    public static void Chain(ProbePoint point, Diagnostic cause, ProviderContext context)
    {
        if (point.Optional)
        {
            return;
        }
        var first = point.Components[0];
        context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.probe-point", "semantic error", "while resolving probe point",
            first.Span, "identifier '" + first.Functor + "'", null, cause));
    }
}
