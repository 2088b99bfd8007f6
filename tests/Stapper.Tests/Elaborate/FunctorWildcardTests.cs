using Stapper.Diagnostics;

namespace Stapper.Tests.Elaborate;

/// <summary>Wildcards in functors reach the probe families, not only aliases: every probe type a point matches, with
/// its arguments (SystemTap's semok/twentyeight.stp and doubleglob.stp).</summary>
public sealed class FunctorWildcardTests
{
    private static string[] Points(string script)
    {
        var result = Elaboration.Run(script, new FakeKernel("vfs_read"), o => o with { Unoptimized = true });
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        return [.. result.Program!.Probes.SelectMany(p => p.Sites).Select(s => s.Name)];
    }

    [Theory]
    [InlineData("probe kerne*.funct*(\"vfs_read\").* {}", "kernel.function(\"vfs_read\").call", "kernel.function(\"vfs_read\").return")]
    [InlineData("probe t**ile {}", "timer.profile")]
    [InlineData("probe ti**es(1) {}", "timer.jiffies(1)")]
    [InlineData("probe ke**on(\"vfs_read\") {}", "kernel.function(\"vfs_read\")")]
    public void EachProbeTypeMatchedIsProbed(string script, params string[] points)
    {
        Assert.Equal(points, Points(script));
    }

    [Fact]
    public void ATypeNoFamilyHasIsStillAMismatch()
    {
        var result = Elaboration.Run("probe tim*.nosuch { println(1) }", new FakeKernel("vfs_read"));
        Assert.StartsWith("semantic error: while resolving probe point: identifier 'tim*' at t.stp:1:7\n",
            string.Concat(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render)));
    }
}
