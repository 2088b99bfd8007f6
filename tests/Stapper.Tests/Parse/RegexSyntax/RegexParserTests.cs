using Stapper.Parse.RegexSyntax;
using Stapper.Translate.Regex;

namespace Stapper.Tests.Parse.RegexSyntax;

/// <summary>stap's regex syntax errors: message and position (offsets into the literal as written), from stap 4.8 -p2.</summary>
public class RegexParserTests
{
    [Theory]
    [InlineData("a[b-d}+", 6, "unclosed character class")]
    [InlineData("a{3", 3, "unexpected end of regex")]
    [InlineData("(?x)", 2, "unexpected '(?x'")]
    [InlineData("*a", 0, "unexpected '*'")]
    [InlineData("x)(", 2, "unbalanced ')'")]
    [InlineData("a{99999}", 8, "99999 is too large")]
    [InlineData("(ab", 2, "expected ), found end of regex")]
    [InlineData("^*", 1, "postfix closure '*' applied to anchoring operator")]
    [InlineData("a[b-a]", 5, "Inverted character range b-a")]
    [InlineData("a{2,x", 5, "expected '}' or number")]
    [InlineData("[[:alpha", 8, "unclosed character class '[:alph'")]
    [InlineData("a\\\\", 3, "unexpected end of regex")]
    [InlineData("a{1,2", 4, "expected }, found end of regex")]
    [InlineData("[a", 1, "unclosed character class")]
    [InlineData("a{,3}", 3, "expected number")]
    [InlineData("\\1", 1, "three octal digits required in escape sequence")]
    [InlineData("\\x4g", 2, "two hex digits required in escape sequence")]
    [InlineData("\\5", 1, "octal escape sequence out of range")]
    public void ReportsStapsMessageAndPosition(string literal, int position, string message)
    {
        var parse = RegexParser.Parse(literal);
        Assert.Null(parse.Tree);
        Assert.Equal(new RegexError(position, message), parse.Error);
        Assert.Equal($"regex compilation error (at position {position}): {message}", parse.Error!.Text);
    }

    [Fact]
    public void UnknownClassHasNoPosition()
    {
        var parse = RegexParser.Parse("[[:foo:]]");
        Assert.Equal("regex compilation error: unknown character class 'foo'", parse.Error?.Text);
    }

    [Theory]
    [InlineData("abc)", 1)] // stap ignores a ')' that ends the regex
    [InlineData("\\\\x4", 1)]
    [InlineData("\\9", 1)]
    [InlineData("a(b)(c(d))", 4)]
    [InlineData("a(?:b)c", 1)] // non-capturing: not counted
    [InlineData("", 1)]
    [InlineData("()*", 2)]
    public void AcceptsAndCountsGroups(string literal, int groups)
    {
        var parse = RegexParser.Parse(literal);
        Assert.Null(parse.Error);
        Assert.Equal(groups, parse.Groups);
    }

    [Fact]
    public void LongLiteralsAndManyAlternativesDoNotNest()
    {
        var literal = new string('a', 100_000);
        var program = RegexCompiler.Compile(literal, RegexParser.Parse(literal));
        Assert.Null(program); // too large, refused without overflowing the stack
        var alternatives = string.Join('|', Enumerable.Range(0, 1000).Select(i => "x" + i));
        var parse = RegexParser.Parse(alternatives);
        Assert.Null(parse.Error);
        Assert.NotNull(RegexVm.Match(RegexCompiler.Compile(alternatives, parse)!, "--x999--"u8));
    }

    [Fact]
    public void TooDeepNestingIsAnError()
    {
        var literal = new string('(', RegexParser.MaxNesting + 1) + new string(')', RegexParser.MaxNesting + 1);
        Assert.Equal("regex nesting too deep", RegexParser.Parse(literal).Error?.Message);
    }

    [Fact]
    public void DeepNestingDoesNotCrash()
    {
        var literal = new string('(', 3000) + "a" + new string(')', 3000);
        var parse = RegexParser.Parse(literal);
        Assert.Null(parse.Error);
        Assert.Equal(3001, parse.Groups);
    }
}
