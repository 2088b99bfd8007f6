using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;
using static Stapper.Tests.Parse.ParseHelper;

namespace Stapper.Tests.Parse;

public class PreprocessorTests
{
    /// <summary>The value printed by <c>probe begin { x = EXPR }</c> after preprocessing.</summary>
    private static string Value(string expr, PreprocessorContext? context = null)
    {
        var printed = Print($"probe begin {{ x = {expr} }}", context);
        var line = printed.Split('\n')[1].Trim();
        return line["x = ".Length..^1];
    }

    [Theory]
    [InlineData("kernel_v >= \"2.6.20\"", "1")]
    [InlineData("kernel_v < \"6.10\"", "1")]
    [InlineData("kernel_v > \"6.8.0\"", "0")]
    [InlineData("kernel_v > \"6.8\"", "1")]
    [InlineData("kernel_v == \"6.8.0\"", "1")]
    [InlineData("kernel_vr == \"6.8.0-45-generic\"", "1")]
    [InlineData("kernel_vr == \"6.8*\"", "1")]
    [InlineData("kernel_v != \"5.*\"", "1")]
    [InlineData("kernel_v == \"6.[0-9]*\"", "1")]
    [InlineData("kernel_v == \"6.[!8]*\"", "0")]
    [InlineData("arch == \"x86_64\"", "1")]
    [InlineData("arch == \"i?86\"", "0")]
    [InlineData("arch != \"arm*\"", "1")]
    [InlineData("runtime == \"kernel\"", "1")]
    [InlineData("systemtap_v >= \"4.0\"", "1")]
    [InlineData("systemtap_v < \"5.10\"", "1")]
    [InlineData("systemtap_privilege == \"stapdev\"", "1")]
    [InlineData("guru_mode == 0", "1")]
    [InlineData("guru_mode != 0", "0")]
    [InlineData("CONFIG_MODULES == \"y\"", "1")]
    [InlineData("CONFIG_MODULES == \"[ym]\"", "1")]
    [InlineData("CONFIG_UNSET == \"y\"", "0")]
    [InlineData("CONFIG_NR_CPUS > 32", "1")]
    [InlineData("CONFIG_NR_CPUS > CONFIG_HZ", "0")]
    [InlineData("CONFIG_UNSET == 0", "1")]
    [InlineData("CONFIG_UNSET < 1", "1")]
    [InlineData("\"abc\" < \"abd\"", "1")]
    [InlineData("2 > 1", "1")]
    [InlineData("1 == 1 && 2 == 3", "0")]
    [InlineData("1 == 2 || 2 == 2", "1")]
    [InlineData("1 == 2 || 2 == 2 && 3 == 4", "0")]
    public void EvaluatesConditions(string condition, string expected)
    {
        Assert.Equal(expected, Value($"%( {condition} %? 1 %: 0 %)"));
    }

    [Fact]
    public void ConditionalsNestAndElseIsOptional()
    {
        Assert.Equal("2", Value("%( 1 == 1 %? %( 1 == 2 %? 1 %: 2 %) %: 3 %)"));
        Assert.Equal("5", Value("%( 1 == 2 %? 4 %) 5"));
        Assert.Equal("6", Value("%( 1 == 2 %? %( junk %? bad %) %: 6 %)"));
    }

    [Fact]
    public void GuruModeCondition()
    {
        var guru = Context() with { GuruMode = true };
        Assert.Equal("1", Value("%( guru_mode == 1 %? 1 %: 0 %)", guru));
    }

    [Fact]
    public void MacrosAreDefinedInTheScript()
    {
        var printed = Print("@define add(a, b) %( ((@a) + (@b)) %)\n@define three %( 3 %)\nprobe begin { x = @add(1, @three) }");
        Assert.Contains("x = (1 + 3);", printed);
    }

    [Fact]
    public void MacroBodiesMayHoldConditionals()
    {
        var printed = Print("@define pick %( %( arch == \"x86_64\" %? \"x86\" %: \"other\" %) %)\nprobe begin { x = @pick }");
        Assert.Contains("x = \"x86\";", printed);
    }

    [Fact]
    public void LibraryMacrosReachTheScript()
    {
        var result = new ParsePass().Run(new ParseInput(
            new SourceFile("t.stp", "probe begin { x = @twice(4) }"),
            [new SourceFile("lib.stpm", "@define twice(v) %( (@v * 2) %)")],
            Context()));
        Assert.Empty(result.Diagnostics);
        Assert.Contains("x = (4 * 2);", SyntaxPrinter.Print(result.Script!));
    }

    [Fact]
    public void LibraryMacroFileMayHoldOnlyDefinitions()
    {
        var result = new ParsePass().Run(new ParseInput(
            new SourceFile("t.stp", "probe begin { }"),
            [new SourceFile("bad.stpm", "@define a %( 1 %) probe")],
            Context()));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("unexpected token in library macro file 'bad.stpm'", d.Message);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("keyword", d.Token);
        Assert.Equal("at", d.TokenLabel);
    }

    [Fact]
    public void UnknownAtWordsStayOperators()
    {
        Assert.Contains("unknown operator @nosuch", Errors("probe begin { x = @nosuch(1) }")[0]);
    }

    [Fact]
    public void ArgumentsSubstitute()
    {
        var context = Context("10", "hello");
        Assert.Equal("(10 + 1)", Value("$1 + 1", context));
        Assert.Equal("\"hello\"", Value("@2", context));
        Assert.Equal("2", Value("$#", context));
        Assert.Equal("\"2\"", Value("@#", context));
    }

    [Fact]
    public void ArgumentsCanSpellProbePoints()
    {
        var tree = ParseOk("probe $1 { }", Context("kernel.function(\"x\")"));
        var probe = Assert.IsType<ProbeDeclaration>(Assert.Single(tree.Declarations));
        Assert.Equal(["kernel", "function"], probe.Points[0].Components.Select(c => c.Functor));
    }

    [Fact]
    public void MacroDeclarationsAreRecorded()
    {
        var tree = ParseOk("@define m(a, b) %( @a %)\nprobe begin { }");
        var m = Assert.Single(tree.Declarations.OfType<MacroDeclaration>());
        Assert.Equal("m", m.Name);
        Assert.Equal(["a", "b"], m.Parameters.ToArray());
    }
}
