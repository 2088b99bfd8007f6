namespace Stapper.Elaborate.Binding;

/// <summary>
/// stap finds some errors while resolving symbols (before its optimizer runs) and others while
/// inferring types (after it). Pass 2 keeps that order: resolution errors stop before optimization.
/// </summary>
internal static class ErrorStage
{
    private static readonly HashSet<string> TypeInference =
    [
        "sema.type-mismatch", "sema.unresolved-type", "sema.stats-assign", "sema.stats-local", "sema.stats-operand",
        "sema.print-format", "sema.print-args", "sema.print-delimiter", "sema.array-local", "sema.foreach-aggregate",
        "sema.target-debuginfo",
    ];

    public static bool IsTypeInference(string code) => TypeInference.Contains(code);

    /// <summary>
    /// Errors stap reports only after its optimizer: type errors, and target expressions that do not resolve
    /// (its expansion keeps them for later, so code folded away, as under <c>if (@defined($x))</c>, is no error), and
    /// an @entry outside a return probe, which its translator finds (an elided <c>- @entry(x)</c> is none).
    /// </summary>
    public static bool IsPastOptimizer(string code) => IsTypeInference(code) || code is "sema.target" or "sema.unresolved-target" or "sema.entry";
}
