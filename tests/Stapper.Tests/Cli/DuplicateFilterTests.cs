using Stapper.Diagnostics;

namespace Stapper.Tests.Cli;

/// <summary>stap's suppression of alike diagnostics: a warning once per text, an error once per kind, parse errors always.</summary>
public class DuplicateFilterTests
{
    private static Diagnostic Warning(string message) => new(Severity.Warning, "w.code", "WARNING", message, null);

    private static Diagnostic Error(string code, string message, Diagnostic? chain = null) =>
        new(Severity.Error, code, "semantic error", message, null, Chain: chain);

    [Fact]
    public void AWarningPrintsOncePerText()
    {
        var filter = new DuplicateFilter(showAll: false);
        Assert.Equal([true, false, true, false], new[] { "a", "a", "b", "b" }.Select(m => filter.ShouldPrint(Warning(m))));
        Assert.Equal((0, 2), (filter.SuppressedErrors, filter.SuppressedWarnings));
        Assert.Equal("Number of similar warning messages suppressed: 2.\nRerun with -v to see them.\n", filter.Summary());
    }

    [Fact]
    public void AnErrorPrintsOncePerKindWhateverItsText()
    {
        var filter = new DuplicateFilter(showAll: false);
        Assert.True(filter.ShouldPrint(Error("sema.unresolved", "unresolved function f")));
        Assert.False(filter.ShouldPrint(Error("sema.unresolved", "unresolved function g")));
        Assert.True(filter.ShouldPrint(Error("sema.type-mismatch", "type mismatch")));
        Assert.Equal("Number of similar error messages suppressed: 1.\nRerun with -v to see them.\n", filter.Summary());
    }

    [Fact]
    public void AnErrorsChainIsPartOfItsKind()
    {
        var filter = new DuplicateFilter(showAll: false);
        var first = Error("sema.type-mismatch", "type mismatch", Error("sema.inferred", "type was first inferred here"));
        Assert.True(filter.ShouldPrint(first));
        Assert.True(filter.ShouldPrint(Error("sema.type-mismatch", "type mismatch")));
        Assert.False(filter.ShouldPrint(first with { Message = "type mismatch (string)" }));
    }

    [Fact]
    public void ParseErrorsAndVerboseRunsPrintEverything()
    {
        var filter = new DuplicateFilter(showAll: false);
        var parse = new Diagnostic(Severity.Error, "parse.expected", "parse error", "expected ';'", null);
        Assert.True(filter.ShouldPrint(parse));
        Assert.True(filter.ShouldPrint(parse));
        var verbose = new DuplicateFilter(showAll: true);
        Assert.True(verbose.ShouldPrint(Warning("a")));
        Assert.True(verbose.ShouldPrint(Warning("a")));
        Assert.Equal("", filter.Summary() + verbose.Summary());
    }

    [Fact]
    public void SuppressCountsRepeatsStapWouldNotPrint()
    {
        var filter = new DuplicateFilter(showAll: false);
        filter.Suppress(Warning("a"), 3);
        filter.Suppress(Error("e", "x"));
        Assert.Equal("Number of similar error messages suppressed: 1.\nNumber of similar warning messages suppressed: 3.\nRerun with -v to see them.\n",
            filter.Summary());
    }
}
