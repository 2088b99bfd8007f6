using System.Text;
using Stapper.Diagnostics;

namespace Stapper.Parse.Lexing;

/// <summary>stap's token classes; the order matches how stap names them in errors.</summary>
internal enum TokenKind
{
    Junk,
    Identifier,
    Operator,
    String,
    Number,
    Embedded,
    Keyword,
}

/// <summary>Why a junk token is junk; each has its own stap message.</summary>
internal enum JunkKind
{
    None,
    Unknown,
    NestedArgument,
    InvalidArgument,
    UnclosedQuote,
    UnclosedEmbedded,
}

/// <summary>
/// One lexeme. Text is stap's token content: for strings the decoded value (Raw keeps stap's
/// content form for messages), for embedded code the text between <c>%{</c> and <c>%}</c>.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, SourceSpan Span, bool AfterSpace, JunkKind Junk = JunkKind.None)
{
    /// <summary>A comment came between this token and the previous one.</summary>
    public bool AfterComment { get; init; }

    /// <summary>stap's content for error messages when it differs from Text (strings).</summary>
    public string? Raw { get; init; }

    public bool IsOperator(string op) => Kind == TokenKind.Operator && Text == op;

    public bool IsKeyword(string kw) => Kind == TokenKind.Keyword && Text == kw;

    /// <summary>stap's <c>operator&lt;&lt;(token)</c> form without the location: "operator '}'".</summary>
    public string Describe()
    {
        var name = Kind switch
        {
            TokenKind.Junk => "junk",
            TokenKind.Identifier => "identifier",
            TokenKind.Operator => "operator",
            TokenKind.String => "string",
            TokenKind.Number => "number",
            TokenKind.Embedded => "embedded-code",
            _ => "keyword",
        };
        if (Kind is TokenKind.Embedded or TokenKind.Keyword)
        {
            return name;
        }
        // stap's lexer keeps no text for junk it made from a bad argument, quote or %{ block.
        var content = Kind == TokenKind.Junk && Junk is not JunkKind.Unknown ? "" : Raw ?? Text;
        var sb = new StringBuilder(name.Length + content.Length + 3);
        sb.Append(name).Append(" '");
        foreach (var c in content)
        {
            sb.Append(c >= ' ' && c < 127 ? c : '?');
        }
        return sb.Append('\'').ToString();
    }

    public override string ToString() => $"{Describe()} at {Span}";
}
