namespace Stapper.Parse.Lexing;

/// <summary>
/// stap's parse_error inside the parser: unwinds to the top-level loop, which records it and
/// resynchronises. Never escapes <see cref="ParsePass"/>.
/// Token is the faulty token when the error names it ("at"); null means the parser reports
/// the last token it looked at ("saw").
/// </summary>
internal sealed class ParseException(string message, Token? token = null, bool skipSome = true, string code = "parse.error")
    : Exception(message)
{
    public Token? Token { get; } = token;

    public bool SkipSome { get; } = skipSome;

    public string Code { get; } = code;
}
