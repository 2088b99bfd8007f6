using Stapper.Diagnostics;

namespace Stapper.Tests.Elaborate;

/// <summary>stap's alias suffixes: the components after an alias's name are appended to each of its targets, when no
/// alias is the whole point (SystemTap's general/alias_suffixes.stp).</summary>
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
}
