using Stapper.Diagnostics;

namespace Stapper.Tests.Elaborate;

/// <summary>stap's alias suffixes: the components after an alias's name are appended to each of its targets, where the
/// probe-point tree has no child for them (SystemTap's general/alias_suffixes.stp).</summary>
public sealed class AliasSuffixTests
{
    private static string[] Points(string script)
    {
        var result = Elaboration.Run(script, new FakeKernel("vfs_read", "vfs_write"));
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        return [.. result.Program!.Probes.SelectMany(p => p.Sites).Select(s => s.Name)];
    }

    [Fact]
    public void TheSuffixGoesOnEveryTarget()
    {
        Assert.Equal(["kernel.function(\"vfs_read\").return", "kernel.function(\"vfs_write\").return"],
            Points("probe io = kernel.function(\"vfs_read\"), kernel.function(\"vfs_write\") { }\nprobe io.return { println(1) }"));
    }

    [Fact]
    public void AnAliasForTheWholePointComesFirst()
    {
        Assert.Equal(["kernel.function(\"vfs_write\")"],
            Points("probe io = kernel.function(\"vfs_read\") { }\nprobe io.return = kernel.function(\"vfs_write\") { }\nprobe io.return { println(1) }"));
    }

    [Fact]
    public void ASuffixNoTargetTakesIsStapsMismatch()
    {
        var result = Elaboration.Run("probe io = kernel.function(\"vfs_read\") { }\nprobe io.nosuch { println(1) }", new FakeKernel("vfs_read"));
        // stap 4.8's words, the second line of each error its source line and caret.
        var errors = string.Concat(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render)).Split('\n');
        Assert.Equal(["semantic error: while resolving probe point: identifier 'io' at t.stp:2:7", "semantic error: invalid suffix for probe: identifier 'nosuch' at :2:10"],
            errors.Where(l => l.StartsWith("semantic error", StringComparison.Ordinal)));
    }

    [Fact]
    public void ASuffixAfterAnAliasWhoseOptionalTargetsGaveNothingIsAMismatchThere()
    {
        // stap 4.8 (`stap -r 6.1.0-57-amd64 -p2`): the misspelt suffix is named, with the alias's own suffixes (was "no probes found").
        var result = Elaboration.Run("probe io = kernel.function(\"vfs_read\") ? { }\nprobe io.return = kernel.function(\"vfs_read\").return ? { }\n"
            + "probe io.retrun { println(1) }", new FakeKernel("vfs_read"));
        var errors = string.Concat(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render)).Split('\n');
        Assert.Equal(["semantic error: while resolving probe point: identifier 'io' at t.stp:3:7",
            "semantic error: probe point mismatch (similar: return): identifier 'retrun' at :3:10"],
            errors.Where(l => l.StartsWith("semantic error", StringComparison.Ordinal)));
    }

    private const string Family = "probe io.read = kernel.function(\"vfs_read\") { }\n"
        + "probe io.read.return = kernel.function(\"vfs_read\").return { }\n"
        + "probe io.write = kernel.function(\"vfs_write\") { }\n"
        + "probe io.tick = timer.s(1) { }\n";

    [Fact]
    public void UnderAWildcardEachChildTakesTheSuffixUnlessItHasTheChild()
    {
        // io.read has its own .return; io.write takes .return as a suffix; io.tick's timer refuses it, which a
        // wildcard drops silently, as stap.
        Assert.Equal(["kernel.function(\"vfs_read\").return", "kernel.function(\"vfs_write\").return"],
            Points(Family + "probe io.*.return { println(1) }"));
    }

    [Fact]
    public void AWildcardThatYieldsNothingIsStapsMismatch()
    {
        var result = Elaboration.Run(Family + "probe io.ti*.return { println(1) }", new FakeKernel("vfs_read", "vfs_write"));
        var errors = string.Concat(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        Assert.Contains("semantic error: probe point mismatch: didn't find any wildcard matches: identifier 'io'", errors);
    }
}
