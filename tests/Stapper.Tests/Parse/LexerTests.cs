using Stapper.Diagnostics;
using Stapper.Parse.Lexing;

namespace Stapper.Tests.Parse;

public class LexerTests
{
    private static List<Token> Lex(string text, params string[] args)
    {
        var lexer = new Lexer(new SourceFile("t.stp", text), [.. args]);
        var tokens = new List<Token>();
        while (lexer.Scan() is { } t)
        {
            tokens.Add(t);
        }
        return tokens;
    }

    private static string Describe(string text, params string[] args) =>
        string.Join(" ", Lex(text, args).Select(t => t.Kind == TokenKind.Keyword ? "keyword:" + t.Text : t.Describe()));

    [Fact]
    public void ClassifiesTokensAsStapDoes()
    {
        Assert.Equal("keyword:probe identifier 'begin' operator '{' identifier '$x' operator '@cast' number '0x1F' operator '}'",
            Describe("probe begin { $x @cast 0x1F }"));
    }

    [Theory]
    [InlineData("<<< >>> <<= >>= == != <= >= =~ !~ += -= *= /= %= &= ^= |= .= && || ++ -- -> << >> %( %? %: %)")]
    [InlineData("+ - * / % & | ^ ! ~ = < > ? : ; , . ( ) [ ] { }")]
    public void RecognisesEveryOperator(string ops)
    {
        var tokens = Lex(ops);
        Assert.All(tokens, t => Assert.Equal(TokenKind.Operator, t.Kind));
        Assert.Equal(ops.Split(' '), tokens.Select(t => t.Text));
    }

    [Theory]
    [InlineData("<<<=", "<<< =")]
    [InlineData(">>>>", ">>> >")]
    [InlineData("--->", "-- ->")]
    [InlineData("a.=b", "a .= b")]
    [InlineData("x!~y", "x !~ y")]
    public void LongestOperatorWins(string source, string tokens) =>
        Assert.Equal(tokens.Split(' '), Lex(source).Select(t => t.Text));

    [Fact]
    public void SkipsAllCommentForms()
    {
        Assert.Equal(["a", "b", "c", "d"],
            Lex("#! stap -p1\na # shell\nb // c++\n/* c\n multi */ c /**/d").Select(t => t.Text));
    }

    [Theory]
    [InlineData("\"a\\nb\"", "a\nb")]
    [InlineData("\"\\t\\r\\\\\\\"\"", "\t\r\\\"")]
    [InlineData("\"\\a\\b\\f\\v\"", "\a\b\f\v")]
    [InlineData("\"\\101\\0\"", "A\0")]
    [InlineData("\"\\x41\\x7\"", "A\x07")]
    [InlineData("\"\\q\"", "q")]
    public void DecodesStringEscapes(string source, string value)
    {
        var t = Assert.Single(Lex(source));
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal(value, t.Text);
    }

    [Fact]
    public void StringTokenNamesItsContentLikeStap()
    {
        Assert.Equal("string 'a\\nb'", Assert.Single(Lex("\"a\\nb\"")).Describe());
    }

    [Fact]
    public void UnclosedStringIsJunk()
    {
        var t = Lex("x = \"abc\ny").ElementAt(2);
        Assert.Equal(TokenKind.Junk, t.Kind);
        Assert.Equal(JunkKind.UnclosedQuote, t.Junk);
        Assert.Equal("\"abc", t.Text);
    }

    [Fact]
    public void EmbeddedCodeKeepsItsText()
    {
        var t = Assert.Single(Lex("%{ int x; /* } */ %}"));
        Assert.Equal(TokenKind.Embedded, t.Kind);
        Assert.Equal(" int x; /* } */ ", t.Text);
        Assert.Equal("embedded-code", t.Describe());
    }

    [Fact]
    public void UnclosedEmbeddedCodeIsJunk()
    {
        var t = Assert.Single(Lex("%{ abc"));
        Assert.Equal(JunkKind.UnclosedEmbedded, t.Junk);
    }

    [Fact]
    public void ControlCharactersAreJunk()
    {
        var t = Assert.Single(Lex("\x01"));
        Assert.Equal(TokenKind.Junk, t.Kind);
        Assert.Equal("junk '\\x01'", t.Describe());
    }

    [Fact]
    public void NumbersTakeTrailingLettersForTheParserToReject()
    {
        Assert.Equal(["12abc", "+", "0x", "$y"], Lex("12abc+0x $y").Select(t => t.Text));
    }

    [Fact]
    public void DollarArgumentPastesRawTokens()
    {
        var tokens = Lex("x = $1 + $2", "kernel.function", "42");
        Assert.Equal(["x", "=", "kernel", ".", "function", "+", "42"], tokens.Select(t => t.Text));
        Assert.Equal(TokenKind.Number, tokens[6].Kind);
        Assert.Equal(4, tokens[2].Span.Start); // pasted tokens point at the reference
    }

    [Fact]
    public void AtArgumentPastesAString()
    {
        var t = Lex("@1", "a \"quoted\" \\ word").Single();
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal("a \"quoted\" \\ word", t.Text);
    }

    [Fact]
    public void ArgumentCounts()
    {
        Assert.Equal(["2", "2"], Lex("$# @#", "a", "b").Select(t => t.Text));
        Assert.Equal([TokenKind.Number, TokenKind.String], Lex("$# @#", "a", "b").Select(t => t.Kind));
    }

    [Fact]
    public void MissingArgumentIsJunk()
    {
        var t = Assert.Single(Lex("$3", "a"));
        Assert.Equal(JunkKind.InvalidArgument, t.Junk);
        Assert.Equal("$3", t.Text);
    }

    [Fact]
    public void ArgumentsDoNotNest()
    {
        var t = Assert.Single(Lex("$1", "$1"));
        Assert.Equal(JunkKind.NestedArgument, t.Junk);
    }

    [Fact]
    public void PastedArgumentGluesToFollowingText()
    {
        Assert.Equal(["foobar"], Lex("$1bar", "foo").Select(t => t.Text));
    }

    [Fact]
    public void TracksWhitespaceBeforeTokens()
    {
        var tokens = Lex("a* *b");
        Assert.Equal([false, false, true, false], tokens.Select(t => t.AfterSpace));
    }
}
