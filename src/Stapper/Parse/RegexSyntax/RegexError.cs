namespace Stapper.Parse.RegexSyntax;

/// <summary>A regex stap cannot compile: what is wrong and where (an offset into the literal's text, -1 if unknown).</summary>
public sealed record RegexError(int Position, string Message)
{
    /// <summary>stap's semantic-error text for it.</summary>
    public string Text => Position >= 0
        ? $"regex compilation error (at position {Position}): {Message}"
        : $"regex compilation error: {Message}";
}
