namespace Stapper.Diagnostics;

public enum Severity
{
    Error,
    Warning,
}

/// <summary>
/// A problem found by a pass, as a value. The renderer turns it into stap's layout:
/// "KIND: MESSAGE: TOKEN at FILE:LINE:COL", then "source:" with the line and a caret.
/// </summary>
/// <param name="Code">Stable id for tests and docs, e.g. "parse.expected", "sema.type-mismatch".</param>
/// <param name="Kind">stap's prefix without the colon: "parse error", "semantic error".</param>
/// <param name="Message">stap's wording, e.g. "expected ';'" or "type mismatch (long)".</param>
/// <param name="Token">How stap names the token at fault: "identifier 'x'", "operator '}'".</param>
/// <param name="TokenLabel">For parse errors: "at" (the token is the fault) or "saw" (something else was expected).</param>
/// <param name="Chain">A second error printed right after, e.g. "type was first inferred here".</param>
public sealed record Diagnostic(
    Severity Severity,
    string Code,
    string Kind,
    string Message,
    SourceSpan? Span,
    string? Token = null,
    string? TokenLabel = null,
    Diagnostic? Chain = null)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>A second token stap names after the first, e.g. the declaration a call does not fit.</summary>
    public (string Token, SourceSpan Span)? Also { get; init; }

    /// <summary>How many more times stap would report this same finding (it counts them as suppressed).</summary>
    public int Repeats { get; init; }
}
