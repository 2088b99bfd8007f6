using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Tests.Parse;

/// <summary>Pass 1 over a library index: only the files a script may use are read, in the library's order.</summary>
public class LibraryParseTests
{
    private static readonly (string Path, string Text)[] Files =
    [
        ("lib/a.stp", "function fa() { return fb() }"),
        ("lib/b.stp", "function fb() { return 1 }\nglobal gb"),
        ("lib/c.stp", "probe my.alias = kernel.function(\"x\") { v = fc() }"),
        ("lib/d.stp", "function fc() { return @ONE }"),
        ("lib/e.stp", "function unused() { return 2 }"),
        ("lib/m.stpm", "@define ONE %( 1 %)"),
    ];

    private static (ParseResult Result, List<string> Read) Parse(string script)
    {
        var read = new List<string>();
        var library = Files.Select(f => new LibraryFile(f.Path, TapsetDeclarations.Scan(new SourceFile(f.Path, f.Text)), () =>
        {
            read.Add(f.Path);
            return new SourceFile(f.Path, f.Text);
        })).ToImmutableArray();
        var result = new ParsePass().Run(new ParseInput(new SourceFile("t.stp", script), [], ParseHelper.Context()) { Library = library });
        return (result, read);
    }

    [Fact]
    public void FunctionsAreFollowedThroughTheFilesThatCallThem()
    {
        var (result, read) = Parse("probe begin { println(fa()) }");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["lib/m.stpm", "lib/a.stp", "lib/b.stp"], read);
        Assert.Equal(["lib/a.stp", "lib/b.stp"], result.Tapsets.Select(t => t.File.Path));
        Assert.Equal(5, result.LibraryScripts);
        Assert.True(result.LibraryPartial);
    }

    [Fact]
    public void AProbePointReadsTheFileOfItsAliasAndTheAliasBodyItsCallees()
    {
        var (result, read) = Parse("probe my.* { gb = 1 }");
        Assert.Empty(result.Diagnostics);
        // In library order, though d.stp was only found through c.stp's body.
        Assert.Equal(["lib/b.stp", "lib/c.stp", "lib/d.stp"], result.Tapsets.Select(t => t.File.Path));
        Assert.DoesNotContain("lib/e.stp", read);
    }

    [Fact]
    public void AScriptNamingNothingOfTheLibraryReadsOnlyItsMacros()
    {
        var (result, read) = Parse("probe begin { println(@ONE) }");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["lib/m.stpm"], read);
        Assert.Empty(result.Tapsets);
    }
}
