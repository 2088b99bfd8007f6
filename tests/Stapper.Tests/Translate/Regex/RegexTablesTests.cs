using Stapper.Diagnostics;
using Stapper.Parse.RegexSyntax;
using Stapper.Translate.Regex;

namespace Stapper.Tests.Translate.Regex;

/// <summary>Which engine each match gets, and the bound on the per-CPU matcher state.</summary>
public class RegexTablesTests
{
    private static readonly SourceSpan Span = new(new SourceFile("t.stp", ""), 0, 0);

    [Fact]
    public void PlainMatchUsesTheDfaAndSubmatchesTheVm()
    {
        var diagnostics = new DiagnosticBag();
        Assert.Equal("((int64_t)(stp_regex_dfa_match(&stp_re0_dfa, s) != 0))", new RegexTables(false).Match("a(b)", "s", false, Span, diagnostics));
        Assert.Equal("((int64_t)(stp_regex_exec(&stp_re0_prog, &c->regex_vm, &c->last_match, s) == 0))", new RegexTables(true).Match("a(b)", "s", true, Span, diagnostics));
        Assert.Empty(diagnostics.ToImmutable());
    }

    [Fact]
    public void VmStateIsBoundedAcrossRegexes()
    {
        var diagnostics = new DiagnosticBag();
        var tables = new RegexTables(true);
        Assert.NotNull(tables.Match(new string('a', 4000), "s", false, Span, diagnostics));
        Assert.NotNull(tables.Match("(a)", "s", false, Span, diagnostics));
        // Alone this one would fit; with the 4000-instruction regex above the lists would be too big.
        Assert.Null(tables.Match(string.Concat(Enumerable.Repeat("(a)", 40)), "s", false, Span, diagnostics));
        var error = Assert.Single(diagnostics.ToImmutable());
        Assert.StartsWith("regex compilation error: regex too large", error.Message);
        Assert.Contains("#define STP_REGEX_MAX_INSNS 4003", tables.Declarations());
    }
}
