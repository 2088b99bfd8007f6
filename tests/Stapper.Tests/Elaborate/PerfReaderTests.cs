using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// Which probes <c>@perf</c> reads a counter in, as stap 4.8's expansion decides (checked with stap 4.8 -p2 and -p3 on
/// 6.1.0-57-amd64): a counter defined before the reader; without .process it belongs to the first function or
/// statement probe that reads it; marker and PLT probes have no process (they read only counters without one);
/// more than 16 values in one probe are refused at pass 3 unless in guru mode.
/// </summary>
public sealed class PerfReaderTests(SdtProgramFixture sdt) : IClassFixture<SdtProgramFixture>
{
    private ElaborationResult Run(string script, Func<ElaborateOptions, ElaborateOptions>? options = null) =>
        Elaboration.Run(script.Replace("PROG", sdt.Program), null, options ?? (o => o));

    private string Errors(string script) =>
        string.Concat(Run(script).Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    private static List<BoundPerfRead> Reads(Probe probe) => [.. BoundWalker.Nodes(probe.Body).OfType<BoundPerfRead>()];

    [Fact]
    public void MarkAndPltProbesReadACounterWithoutProcess()
    {
        var result = Run("""
            probe perf.type(1).config(1).counter("c") { }
            probe process("PROG").mark("pair") { println(@perf("c")) }
            probe process("PROG").plt("pause") { println(@perf("c")) }
            probe process("PROG").function("main") { println(@perf("c")) }
            """);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        foreach (var probe in result.Program!.Probes.Skip(1))
        {
            var read = Assert.Single(Reads(probe));
            Assert.Equal(("c", 0), (read.Counter, read.Slot));
        }
    }

    [Fact]
    public void TheFirstFunctionReaderBindsACounterWithoutProcess()
    {
        var errors = Errors("""
            probe perf.type(1).config(1).counter("c") { }
            probe process("PROG").function("main") { println(@perf("c")) }
            probe process("PROG").mark("pair") { println(@perf("c")) }
            """);
        Assert.Equal("semantic error: perf counter 'c' not defined\n\n"
            + "semantic error: while resolving probe point: identifier 'process' at t.stp:3:7\n"
            + "        source: probe process(\"" + sdt.Program + "\").mark(\"pair\") { println(@perf(\"c\")) }\n"
            + "                      ^\n\n", errors);
    }

    [Fact]
    public void MarkAndPltProbesReadNoCounterOfAProcess()
    {
        var errors = Errors("""
            probe perf.type(1).config(1).process("PROG").counter("d") { }
            probe process("PROG").plt("pause") { println(@perf("d")) }
            probe process("PROG").mark("pair") { println(@perf("d")) }
            probe process("PROG").function("main") { println(@perf("d")) }
            """);
        Assert.Contains("while resolving probe point: identifier 'process' at t.stp:2:7", errors);
        Assert.Contains("while resolving probe point: identifier 'process' at :3:7", errors);
        Assert.DoesNotContain(":4:7", errors);
    }

    [Fact]
    public void ACounterIsReadOnlyAfterItsDefinition()
    {
        var errors = Errors("""
            probe process("PROG").function("main") { println(@perf("c")) }
            probe perf.type(1).config(1).counter("c") { }
            """);
        Assert.StartsWith("semantic error: perf counter 'c' not defined\n\nsemantic error: while resolving probe point: identifier 'process' at t.stp:1:7", errors);
    }

    [Fact]
    public void ProbesOfTwoSitesReadAsEachSiteDoes()
    {
        // the marker leaves the counter unbound, the function then binds it: both read it, as stap 4.8 does
        Assert.Empty(Errors("""
            probe perf.type(1).config(1).counter("c") { }
            probe process("PROG").mark("pair"), process("PROG").function("main") { println(@perf("c")) }
            """));
        var column = 7 + ("process(\"" + sdt.Program + "\").function(\"main\"), ").Length;
        Assert.Contains("identifier 'process' at t.stp:2:" + column, Errors("""
            probe perf.type(1).config(1).counter("c") { }
            probe process("PROG").function("main"), process("PROG").mark("pair") { println(@perf("c")) }
            """));
    }

    [Fact]
    public void KernelProbesReadNoCounter()
    {
        // stap 4.8 accepts a counter without .process here and copies a value no kprobe read: refused (docs/conformance.md)
        var errors = string.Concat(Elaboration.Run("probe perf.type(1).config(1).counter(\"c\") { }\n"
            + "probe kernel.function(\"vfs_read\") { println(@perf(\"c\")) }", new FakeKernel("vfs_read"))
            .Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        Assert.StartsWith("semantic error: perf counter 'c' not defined\n\nsemantic error: while resolving probe point: identifier 'kernel' at t.stp:2:7", errors);
    }

    private string Counters(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"probe perf.type(1).config(1).counter(\"c{i}\") {{ }}\n"));

    private string Reader(int n) =>
        "probe process(\"PROG\").function(\"main\") { println(" + string.Join(" + ", Enumerable.Range(0, n).Select(i => $"@perf(\"c{i}\")")) + ") }\n";

    [Theory]
    [InlineData(16, false, "")]
    [InlineData(17, false, "semantic error: Too many simultaneous uses of perf values (17 is greater than 16)\n\n")]
    [InlineData(17, true, "")]
    public void MoreThanSixteenValuesInAProbeOnlyInGuruMode(int values, bool guru, string expected)
    {
        var result = Run(Counters(17) + Reader(values) + Reader(3), o => o with { GuruMode = guru });
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        var options = new Stapper.Translate.TranslateOptions("stap_test", [], Path.Combine(Harness.RepoRoot, "runtime"), Path.Combine(Harness.RepoRoot, "templates"));
        var source = new Stapper.Translate.TranslatePass().Run(result.Program!, options);
        Assert.Equal(expected, string.Concat(source.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render)));
    }
}
