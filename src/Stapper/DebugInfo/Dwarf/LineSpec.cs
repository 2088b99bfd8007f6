using System.Globalization;

namespace Stapper.DebugInfo.Dwarf;

/// <summary>How a statement probe's "FUNC@FILE..." names its lines (stap's lineno_t).</summary>
public enum LineSpecKind
{
    /// <summary>No line: the function's entry, named by its decl_line.</summary>
    None,
    /// <summary>":N".</summary>
    Absolute,
    /// <summary>"+N": N lines after the function's decl_line.</summary>
    Relative,
    /// <summary>":N-M": each line of the range that has line records.</summary>
    Range,
    /// <summary>":*": every line of the function.</summary>
    Wildcard,
}

/// <summary>The line part of a probe point's "FUNC@FILE:N", "FUNC@FILE:N-M", "FUNC@FILE:*", "FUNC@FILE+N".</summary>
public sealed record LineSpec(LineSpecKind Kind, int First = 0, int Last = 0)
{
    public static readonly LineSpec None = new(LineSpecKind.None);

    /// <summary>Splits "FUNC@FILE:LINES" into function, file (null without '@') and lines; false when the line part is malformed.</summary>
    public static bool TrySplit(string pattern, out string function, out string? file, out LineSpec lines)
    {
        lines = None;
        file = null;
        int at = pattern.IndexOf('@');
        if (at < 0)
        {
            function = pattern;
            return true;
        }
        function = pattern[..at];
        var rest = pattern[(at + 1)..];
        int colon = rest.IndexOf(':');
        int plus = rest.IndexOf('+');
        if (colon >= 0)
        {
            file = rest[..colon];
            return TryParse(rest[(colon + 1)..], relative: false, out lines);
        }
        if (plus >= 0)
        {
            file = rest[..plus];
            return TryParse(rest[(plus + 1)..], relative: true, out lines);
        }
        file = rest;
        return true;
    }

    private static bool TryParse(string text, bool relative, out LineSpec lines)
    {
        lines = None;
        if (relative)
        {
            if (!TryNumber(text, out int n))
            {
                return false;
            }
            lines = new LineSpec(LineSpecKind.Relative, n, n);
            return true;
        }
        if (text == "*")
        {
            lines = new LineSpec(LineSpecKind.Wildcard);
            return true;
        }
        int dash = text.IndexOf('-');
        if (dash > 0)
        {
            if (!TryNumber(text[..dash], out int a) || !TryNumber(text[(dash + 1)..], out int b) || b < a)
            {
                return false;
            }
            lines = new LineSpec(LineSpecKind.Range, a, b);
            return true;
        }
        if (!TryNumber(text, out int line))
        {
            return false;
        }
        lines = new LineSpec(LineSpecKind.Absolute, line, line);
        return true;
    }

    private static bool TryNumber(string s, out int n) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n);
}
