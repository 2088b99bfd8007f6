using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

/// <summary>procfs probe points: the file, its mode and buffer, stap's checks, and what $value becomes.</summary>
public sealed class ProcfsTests
{
    private static ProcfsSite Site(string point) =>
        (ProcfsSite)Elaboration.Program($"probe {point} {{ println(1) }}").Probes.Single().Sites.Single();

    [Theory]
    [InlineData("procfs.read", "command", false, 0x100, 0L, "procfs(\"command\").read")]
    [InlineData("procfs(\"foo\").write", "foo", true, 0x80, 0L, "procfs(\"foo\").write")]
    [InlineData("procfs(\"foo\").umask(0040).read", "foo", false, 0x104, 0L, "procfs(\"foo\").umask(32).read")]
    [InlineData("procfs(\"foo\").umask(0).write", "foo", true, 0x92, 0L, "procfs(\"foo\").umask(0).write")]
    [InlineData("procfs(\"foo\").read.maxsize(100)", "foo", false, 0x100, 100L, "procfs(\"foo\").read.maxsize(100)")]
    public void PointsNameTheirFile(string point, string path, bool write, int mode, long maxsize, string name)
    {
        var site = Site(point);
        Assert.Equal((path, write, mode, maxsize, name), (site.Path, site.Write, site.Mode, site.MaxSize, site.Name));
    }

    [Theory]
    [InlineData("procfs(\"/abs\").read", "procfs path cannot start with a '/'")]
    [InlineData("procfs(\"a/\").read", "procfs path cannot end with a '/'")]
    [InlineData("procfs(\"a//b\").read", "procfs path component cannot be empty")]
    [InlineData("procfs(\"a/../b\").read", "procfs path cannot be relative (and contain '.' or '..')")]
    [InlineData("procfs(\"a\").read.maxsize(0)", "maxsize must be greater than 0")]
    public void BadPointsGetStapsErrors(string point, string message) =>
        Assert.StartsWith($"semantic error: {message}: identifier 'procfs' at t.stp:1:7\n", Elaboration.Errors($"probe {point} {{ println(1) }}"));

    [Fact]
    public void ValueBecomesTheTapsetsCalls()
    {
        var tapset = ("procfs.stp", """
            function _procfs_value_get:string() %{ /* pure */ %}
            function _procfs_value_set:string(v:string) %{ %}
            function _procfs_value_append:string(v:string) %{ %}
            """);
        var program = Elaboration.Program("""
            probe procfs("a").read { $value = "x"; $value .= "y" }
            probe procfs("a").write { println($value, @defined($value)) }
            """, tapset);
        var printed = ProgramPrinter.Print(program, verbose: true);
        Assert.Contains("  _procfs_value_set(\"x\")\n  _procfs_value_append(\"y\")\n", printed);
        Assert.Contains("println(_procfs_value_get(), 1)", printed);
    }

    [Fact]
    public void ValueOfTheWrongKindStaysAnError()
    {
        // Reading $value in a read probe, or writing it in a write probe, is left for the binder to refuse.
        Assert.Contains("semantic error: unresolved target-symbol expression: identifier '$value'",
            Elaboration.Errors("probe procfs(\"a\").read { println($value) }"));
        Assert.Contains("semantic error: Expecting lvalue for assignment: identifier '$value'",
            Elaboration.Errors("probe procfs(\"a\").write { $value = \"x\" }"));
    }
}
