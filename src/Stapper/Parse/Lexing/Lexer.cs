using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Stapper.Diagnostics;

namespace Stapper.Parse.Lexing;

/// <summary>
/// Turns a script into stap tokens. Command-line arguments (<c>$1</c>, <c>@1</c>, <c>$#</c>,
/// <c>@#</c>) are pasted back into the character stream, as stap does, so <c>$1</c> may become
/// any token (or part of one); their tokens carry the span of the reference.
/// </summary>
internal sealed class Lexer
{
    private static readonly HashSet<string> Keywords =
    [
        "probe", "global", "private", "function", "if", "else", "for", "foreach", "in", "limit",
        "return", "delete", "while", "break", "continue", "next", "string", "long", "try", "catch",
    ];

    private readonly SourceFile _file;
    private readonly string _text;
    private readonly ImmutableArray<string> _args;
    private int _pos;

    // Pasted argument text, read before the file; its characters take the reference's span.
    private string _paste = "";
    private int _pastePos;
    private SourceSpan _pasteSpan;

    private readonly string _compatible;

    /// <param name="compatible">stap's --compatible version: older versions lack some keywords and escapes.</param>
    public Lexer(SourceFile file, ImmutableArray<string> args, string compatible = "99")
    {
        _file = file;
        _text = file.Text;
        _args = args.IsDefault ? [] : args;
        _compatible = compatible;
    }

    private bool HasVersion(string v) => Preprocessing.VersionCompare.Compare(_compatible, v) >= 0;

    public SourceFile File => _file;

    /// <summary>Receives stap's lexer warnings (message, token).</summary>
    public Action<string, Token>? Warn { get; init; }

    public static bool IsKeyword(string word) => Keywords.Contains(word);

    /// <summary>True once any token was produced (stap's "empty after preprocessing").</summary>
    public bool SawTokens { get; private set; }

    private bool Pasting => _pastePos < _paste.Length;

    private int PeekChar(int n = 0)
    {
        var inPaste = _paste.Length - _pastePos;
        if (n < inPaste)
        {
            return _paste[_pastePos + n];
        }
        var i = _pos + n - inPaste;
        return i < _text.Length ? _text[i] : -1;
    }

    private int GetChar()
    {
        if (_pastePos < _paste.Length)
        {
            return _paste[_pastePos++];
        }
        return _pos < _text.Length ? _text[_pos++] : -1;
    }

    private int Offset => _pos;

    private void Paste(string chars, SourceSpan span)
    {
        _paste = chars + _paste[_pastePos..];
        _pastePos = 0;
        _pasteSpan = span;
    }

    private static bool IsSpace(int c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static bool IsAlpha(int c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private static bool IsAlnum(int c) => IsAlpha(c) || IsDigit(c);

    private static bool IsPunct(int c) => c is > ' ' and < 127 && !IsAlnum(c);

    /// <summary>The next token, or null at the end of input.</summary>
    public Token? Scan()
    {
        var afterSpace = false;
        var afterComment = false;
        while (true)
        {
            var suspended = Pasting;
            var start = Offset;
            var c = GetChar();
            if (c < 0)
            {
                return null;
            }
            if (IsSpace(c))
            {
                afterSpace = true;
                continue;
            }
            var c2 = PeekChar();

            if ((c == '$' || c == '@') && c2 == '#')
            {
                GetChar();
                var span = Span(suspended, start);
                if (suspended)
                {
                    return Made(new Token(TokenKind.Junk, (char)c + "#", span, afterSpace, JunkKind.NestedArgument));
                }
                var count = _args.Length.ToString(CultureInfo.InvariantCulture);
                Paste(c == '$' ? count : Quote(count), span);
                continue;
            }
            if ((c == '$' || c == '@') && IsDigit(c2))
            {
                var idx = 0L;
                var sb = new StringBuilder().Append((char)c);
                do
                {
                    GetChar();
                    sb.Append((char)c2);
                    idx = idx * 10 + (c2 - '0');
                    c2 = PeekChar();
                }
                while (c2 > 0 && IsDigit(c2) && idx <= _args.Length);
                var span = Span(suspended, start);
                if (suspended)
                {
                    return Made(new Token(TokenKind.Junk, sb.ToString(), span, afterSpace, JunkKind.NestedArgument));
                }
                if (idx == 0 || idx - 1 >= _args.Length)
                {
                    return Made(new Token(TokenKind.Junk, sb.ToString(), span, afterSpace, JunkKind.InvalidArgument));
                }
                var arg = _args[(int)idx - 1];
                Paste(c == '$' ? arg : Quote(arg), span);
                continue;
            }
            if (IsAlpha(c) || c == '$' || c == '@' || c == '_')
            {
                var sb = new StringBuilder().Append((char)c);
                while (IsAlnum(c2) || c2 == '_' || c2 == '$')
                {
                    GetChar();
                    sb.Append((char)c2);
                    c2 = PeekChar();
                }
                var text = sb.ToString();
                var kind = text[0] == '@' ? TokenKind.Operator
                    : Keywords.Contains(text) && (text != "private" || HasVersion("3.0")) ? TokenKind.Keyword
                    : TokenKind.Identifier;
                return Made(new Token(kind, text, Span(suspended, start), afterSpace));
            }
            if (IsDigit(c))
            {
                var sb = new StringBuilder().Append((char)c);
                while (IsAlnum(c2))
                {
                    GetChar();
                    sb.Append((char)c2);
                    c2 = PeekChar();
                }
                return Made(new Token(TokenKind.Number, sb.ToString(), Span(suspended, start), afterSpace));
            }
            if (c == '"')
            {
                return Made(ScanString(suspended, start, afterSpace) with { AfterComment = afterComment });
            }
            if (IsPunct(c))
            {
                if (c == '#' || (c == '/' && c2 == '/'))
                {
                    do
                    {
                        c = GetChar();
                    }
                    while (c >= 0 && c != '\n');
                    afterSpace = true;
                    afterComment = true;
                    continue;
                }
                if (c == '/' && c2 == '*')
                {
                    GetChar();
                    c = GetChar();
                    c2 = GetChar();
                    while (c2 >= 0 && !(c == '*' && c2 == '/'))
                    {
                        c = c2;
                        c2 = GetChar();
                    }
                    afterSpace = true;
                    afterComment = true;
                    continue;
                }
                if (c == '%' && c2 == '{')
                {
                    return Made(ScanEmbedded(suspended, start, afterSpace));
                }
                var c3 = PeekChar(1);
                string op;
                if ((c == '<' && c2 == '<' && c3 == '<') || (c == '>' && c2 == '>' && c3 == '>')
                    || (c == '<' && c2 == '<' && c3 == '=') || (c == '>' && c2 == '>' && c3 == '='))
                {
                    GetChar();
                    GetChar();
                    op = new string([(char)c, (char)c2, (char)c3]);
                }
                else if (IsTwoCharOperator(c, c2))
                {
                    GetChar();
                    op = new string([(char)c, (char)c2]);
                }
                else
                {
                    op = ((char)c).ToString();
                }
                return Made(new Token(TokenKind.Operator, op, Span(suspended, start), afterSpace));
            }
            var junk = c < 256 ? $"\\x{c:x2}" : $"\\u{c:x4}";
            return Made(new Token(TokenKind.Junk, junk, Span(suspended, start), afterSpace, JunkKind.Unknown));
        }
    }

    private Token Made(Token t)
    {
        SawTokens = true;
        return t;
    }

    private static bool IsTwoCharOperator(int c, int c2) => (c, c2) switch
    {
        ('=', '=') or ('!', '=') or ('<', '=') or ('>', '=') or ('=', '~') or ('!', '~') => true,
        ('+', '=') or ('-', '=') or ('*', '=') or ('/', '=') or ('%', '=') or ('&', '=') => true,
        ('^', '=') or ('|', '=') or ('.', '=') or ('&', '&') or ('|', '|') or ('+', '+') => true,
        ('-', '-') or ('-', '>') or ('<', '<') or ('>', '>') => true,
        ('%', '(') or ('%', '?') or ('%', ':') or ('%', ')') => true,
        _ => false,
    };

    private SourceSpan Span(bool suspended, int start) =>
        suspended ? _pasteSpan : new SourceSpan(_file, start, Math.Max(start, Offset));

    private Token ScanString(bool suspended, int start, bool afterSpace)
    {
        var value = new StringBuilder();
        var raw = new StringBuilder();
        while (true)
        {
            var c = GetChar();
            if (c < 0 || c == '\n')
            {
                return new Token(TokenKind.Junk, "\"" + raw, Span(suspended, start), afterSpace, JunkKind.UnclosedQuote);
            }
            if (c == '"')
            {
                break;
            }
            if (c != '\\')
            {
                value.Append((char)c);
                raw.Append((char)c);
                continue;
            }
            c = GetChar();
            if (c < 0)
            {
                return new Token(TokenKind.Junk, "\"" + raw, Span(suspended, start), afterSpace, JunkKind.UnclosedQuote);
            }
            switch (c)
            {
                case 'a': value.Append('\a'); raw.Append("\\a"); break;
                case 'b': value.Append('\b'); raw.Append("\\b"); break;
                case 't': value.Append('\t'); raw.Append("\\t"); break;
                case 'n': value.Append('\n'); raw.Append("\\n"); break;
                case 'v': value.Append('\v'); raw.Append("\\v"); break;
                case 'f': value.Append('\f'); raw.Append("\\f"); break;
                case 'r': value.Append('\r'); raw.Append("\\r"); break;
                case '\\': value.Append('\\'); raw.Append("\\\\"); break;
                case 'x' when HasVersion("2.3"):
                    {
                        raw.Append("\\x");
                        var n = 0;
                        var digits = 0;
                        while (digits < 2 && Uri.IsHexDigit((char)Math.Max(0, PeekChar())) && PeekChar() >= 0)
                        {
                            var d = (char)GetChar();
                            raw.Append(d);
                            n = n * 16 + Convert.ToInt32(d.ToString(), 16);
                            digits++;
                        }
                        value.Append(digits == 0 ? 'x' : (char)n);
                        break;
                    }
                case >= '0' and <= '7':
                    {
                        raw.Append('\\').Append((char)c);
                        var n = c - '0';
                        for (var digits = 1; digits < 3 && PeekChar() is >= '0' and <= '7'; digits++)
                        {
                            var d = GetChar();
                            raw.Append((char)d);
                            n = n * 8 + (d - '0');
                        }
                        value.Append((char)(n & 0xFF));
                        break;
                    }
                default:
                    value.Append((char)c);
                    raw.Append((char)c);
                    break;
            }
        }
        return new Token(TokenKind.String, value.ToString(), Span(suspended, start), afterSpace) { Raw = raw.ToString() };
    }

    private Token ScanEmbedded(bool suspended, int start, bool afterSpace)
    {
        GetChar(); // '{'
        var sb = new StringBuilder();
        var c = GetChar();
        var c2 = GetChar();
        var warned = false;
        while (c2 >= 0)
        {
            if (c == '%' && c2 == '}')
            {
                return new Token(TokenKind.Embedded, sb.ToString(), Span(suspended, start), afterSpace);
            }
            if (c == '}' && c2 == '%' && !warned && Warn is not null)
            {
                warned = true;
                Warn("possible erroneous closing '}%', use '%}'?",
                    new Token(TokenKind.Embedded, "", Span(suspended, start), afterSpace));
            }
            sb.Append((char)c);
            c = c2;
            c2 = GetChar();
        }
        if (c >= 0)
        {
            sb.Append((char)c);
        }
        return new Token(TokenKind.Junk, "%{" + sb, Span(suspended, start), afterSpace, JunkKind.UnclosedEmbedded);
    }

    /// <summary>An argument as a stap string literal, for <c>@1</c> and <c>@#</c>.</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
