using System.Diagnostics;
using Stapper.Diagnostics;
using Stapper.Parse;
using static Stapper.Tests.Parse.ParseHelper;

namespace Stapper.Tests.Parse;

public class RobustnessTests
{
    private static ParseResult Run(string text) =>
        new ParsePass().Run(new ParseInput(new SourceFile("t.stp", text), [], Context()));

    private static void Fails(string text, string message)
    {
        var watch = Stopwatch.StartNew();
        var result = Run(text);
        Assert.Null(result.Script);
        Assert.Contains(result.Diagnostics, d => d.Message == message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void BinaryJunk()
    {
        var random = new Random(7);
        var chars = new char[200_000];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(256);
        }
        var result = Run(new string(chars));
        Assert.Null(result.Script);
        Assert.NotEmpty(result.Diagnostics);
    }

    [Fact]
    public void MegabyteLine()
    {
        var text = "probe begin { x = \"" + new string('a', 1_000_000) + "\" }";
        var tree = ParseOk(text);
        Assert.Single(tree.Declarations);
        Fails("probe begin { " + new string('x', 1_000_000) + " = }", "expected literal string or number");
    }

    [Fact]
    public void DeeplyNestedParentheses() =>
        Fails("probe begin { x = " + new string('(', 10_000) + "1" + new string(')', 10_000) + " }", "too deeply nested");

    [Fact]
    public void DeeplyNestedBlocks() =>
        Fails("probe begin " + new string('{', 10_000) + new string('}', 10_000), "too deeply nested");

    [Fact]
    public void LongOperatorChains()
    {
        Fails("probe begin { x = " + string.Concat(Enumerable.Repeat("1 + ", 100_000)) + "1 }", "too deeply nested");
        Fails("probe begin { x = " + string.Concat(Enumerable.Repeat("a = ", 10_000)) + "1 }", "too deeply nested");
        Fails("probe begin { x = " + string.Concat(Enumerable.Repeat("c ? 1 : ", 10_000)) + "1 }", "too deeply nested");
        Fails("probe begin { x = " + new string('!', 10_000) + "1 }", "too deeply nested");
        Fails("probe " + new string('{', 10_000) + "begin" + new string('}', 10_000) + " {}", "too deeply nested");
    }

    [Fact]
    public void ModerateNestingIsFine()
    {
        ParseOk("probe begin { x = " + new string('(', 100) + "1" + new string(')', 100) + " }");
        ParseOk("probe begin { x = " + string.Concat(Enumerable.Repeat("1 + ", 200)) + "1 }");
    }

    [Fact]
    public void UnterminatedConstructs()
    {
        Fails("probe begin { /* never closed", "expected statement");
        Fails("probe begin { x = \"abc", "Could not find matching closing quote");
        Fails("probe begin { %{ abc", "Could not find matching '%}' to close embedded function block");
        Fails("%( 1 == 1 %? probe begin { }", "incomplete conditional at end of file");
        Fails("@define m(a) %( @a %)\nprobe begin { x = @m(1 }", "could not find end of macro invocation");
    }

    [Fact]
    public void RecursiveMacros()
    {
        Fails("@define a %( @a @a %)\nprobe begin { @a }", "too many nested macro expansions");
        Fails("@define a %( @b %)\n@define b %( @a %)\nprobe begin { @a }", "too many nested macro expansions");
    }

    [Fact]
    public void HugeBraceExpansionIsRefused() =>
        Fails("probe " + string.Join(".", Enumerable.Repeat("{a,b,c,d,e,f,g,h,i,j}", 6)) + " {}", "too many probe points");

    [Fact]
    public void NulAndControlCharacters()
    {
        var result = Run("probe begin { x = 1 \0 }");
        Assert.Equal("junk '\\x00'", Assert.Single(result.Diagnostics).Token);
    }

    /// <summary>Found by tests/fuzz: a self-invoking macro amid script arguments; it must end in diagnostics.</summary>
    [Fact]
    public void FuzzFoundRecursiveMacroWithArguments()
    {
        const string Text = """
        #! /bin/sh

        # test interaction between conditionals and macro expansion

        stap $@ -p1 - 1 2 3 4 <<'END'

        @define foo %( %( $# >= 5 %? @5 %@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@foo(a) %( @bar(@a %)
        probe @foo(begin) { print(42) }
        1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1_token_index[@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1@1: "" %) %)

        probe begin { printf("Hello, World %s!", @foo) }

        END
        """;
        foreach (var args in new[] { Array.Empty<string>(), ["1"], ["1", "1"] })
        {
            var result = new ParsePass().Run(new ParseInput(new SourceFile("t.stp", Text), [], Context(args)));
            Assert.Null(result.Script);
            Assert.NotEmpty(result.Diagnostics);
            Assert.DoesNotContain(result.Diagnostics, d => d.Code == "parse.internal");
        }
    }

    /// <summary>
    /// Found by tests/fuzz: -p1 brackets every operation, so its text nests deeper than the input;
    /// a script just inside the nesting limit must still print, reparse and print the same.
    /// </summary>
    [Theory]
    [InlineData("!", "")]
    [InlineData("- ", "")]
    [InlineData("1 + ", "")]
    [InlineData("a = ", "")]
    [InlineData("c ? 1 : ", "")]
    [InlineData("f(", ")")]
    [InlineData("a[", "]")]
    public void DeepScriptsRoundTrip(string open, string close)
    {
        var text = "probe begin { x = " + string.Concat(Enumerable.Repeat(open, 450)) + "1" + string.Concat(Enumerable.Repeat(close, 450)) + " }";
        var printed = SyntaxPrinter.Print(ParseOk(text));
        Assert.Equal(printed, SyntaxPrinter.Print(ParseOk(printed)));
    }
}
