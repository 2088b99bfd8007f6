namespace Stapper.Diagnostics;

/// <summary>
/// stap prints a warning once per message text and a semantic error once per kind (its throw site),
/// counts the rest, and ends the run with "Number of similar ... messages suppressed". -v shows all.
/// </summary>
public sealed class DuplicateFilter(bool showAll)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public int SuppressedErrors { get; private set; }
    public int SuppressedWarnings { get; private set; }

    /// <summary>Counts a diagnostic stap would not print again because an earlier one was alike.</summary>
    public void Suppress(Diagnostic diagnostic, int times = 1)
    {
        if (diagnostic.IsError)
        {
            SuppressedErrors += times;
        }
        else
        {
            SuppressedWarnings += times;
        }
    }

    public bool ShouldPrint(Diagnostic diagnostic)
    {
        if (showAll || diagnostic.Kind == "parse error")
        {
            return true;
        }
        var key = diagnostic.IsError ? "E:" + Chain(diagnostic) : "W:" + diagnostic.Message;
        if (_seen.Add(key))
        {
            return true;
        }
        Suppress(diagnostic);
        return false;
    }

    private static string Chain(Diagnostic d) => d.Chain is null ? d.Code : d.Code + "|" + Chain(d.Chain);

    /// <summary>stap's closing lines, or nothing.</summary>
    public string Summary()
    {
        var text = "";
        if (SuppressedErrors > 0)
        {
            text += $"Number of similar error messages suppressed: {SuppressedErrors}.\n";
        }
        if (SuppressedWarnings > 0)
        {
            text += $"Number of similar warning messages suppressed: {SuppressedWarnings}.\n";
        }
        return text.Length > 0 ? text + "Rerun with -v to see them.\n" : "";
    }
}
