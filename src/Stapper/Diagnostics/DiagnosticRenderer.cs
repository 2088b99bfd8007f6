using System.Text;

namespace Stapper.Diagnostics;

/// <summary>
/// Prints diagnostics in stap's layout: the message, the token and its location, then the source
/// line with a caret under the column. As stap does, the file name is left out ("at :3:5") when
/// the previous token printed was in the same file.
/// </summary>
public sealed class DiagnosticRenderer
{
    private SourceFile? _lastFile;

    public string Render(Diagnostic diagnostic)
    {
        var text = new StringBuilder();
        if (diagnostic.Kind == "parse error")
        {
            RenderParseError(diagnostic, text);
        }
        else
        {
            RenderSemanticError(diagnostic, text);
        }
        return text.ToString();
    }

    private void RenderParseError(Diagnostic d, StringBuilder text)
    {
        text.Append("parse error: ").Append(d.Message).Append('\n');
        if (d.Span is { } span)
        {
            var label = d.TokenLabel ?? "saw";
            text.Append(label == "at" ? "         at: " : "        saw: ").Append(d.Token ?? "").Append(" at ").Append(span).Append('\n');
            _lastFile = span.File;
            Source(text, "     ", span);
        }
        else
        {
            text.Append("        saw: ").Append(d.Token ?? "EOF").Append('\n');
        }
        text.Append('\n');
    }

    private void RenderSemanticError(Diagnostic d, StringBuilder text)
    {
        var prefix = d.Severity == Severity.Warning ? "WARNING:" : d.Kind + ":";
        text.Append(prefix).Append(' ').Append(d.Message);
        if (d.Span is { } span)
        {
            text.Append(": ");
            if (d.Token is not null)
            {
                text.Append(d.Token).Append(' ');
            }
            text.Append("at ").Append(Location(span)).Append('\n');
            Source(text, d.Severity == Severity.Warning ? " " : "        ", span);
            if (d.Also is { } also)
            {
                text.Append(also.Token).Append(" at ").Append(Location(also.Span)).Append('\n');
                Source(text, "        ", also.Span);
            }
        }
        else
        {
            text.Append('\n');
        }
        if (d.Severity == Severity.Error)
        {
            text.Append('\n');
        }
        if (d.Chain is not null)
        {
            RenderSemanticError(d.Chain, text);
        }
    }

    /// <summary>FILE:LINE:COL, or :LINE:COL when the last location printed was in the same file.</summary>
    private string Location(SourceSpan span)
    {
        var text = ReferenceEquals(_lastFile, span.File) ? $":{span.Line}:{span.Column}" : span.ToString();
        _lastFile = span.File;
        return text;
    }

    private static void Source(StringBuilder text, string align, SourceSpan span)
    {
        var line = span.File.LineText(span.Line);
        text.Append(align).Append("source: ").Append(line).Append('\n');
        text.Append(align).Append("        ");
        for (var i = 0; i < span.Column - 1 && i < line.Length; i++)
        {
            text.Append(char.IsWhiteSpace(line[i]) ? line[i] : ' ');
        }
        text.Append("^\n");
    }
}
