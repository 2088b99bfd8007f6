using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// perf.type(N).config(M) with .sample/.hz/.process, the perf.hw/sw/hw_cache aliases (tapsets/linux/perf.stp), the site
/// names stap 4.8 gives at -p2 and its errors for the forms it refuses (checked with stap 4.8 -p2 on 6.1.0-57-amd64).
/// </summary>
public sealed class PerfTests
{
    private static readonly (string, string) Tapset = ("perf.stp", File.ReadAllText(Path.Combine(Harness.RepoRoot, "tapsets", "linux", "perf.stp")));

    private static PerfSite Site(string point, Func<ElaborateOptions, ElaborateOptions>? options = null)
    {
        var result = Elaboration.Run("probe " + point + " { println(1) }", null, options ?? (o => o), Tapset);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        return Assert.IsType<PerfSite>(result.Program!.Probes.Single().Sites.Single());
    }

    private static string Errors(string point, Func<ElaborateOptions, ElaborateOptions>? options = null) =>
        string.Concat(Elaboration.Run("probe " + point + " { println(1) }", null, options ?? (o => o), Tapset)
            .Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    [Fact]
    public void TypeConfigAndPeriodNameTheSite()
    {
        var s = Site("perf.type(1).config(0)");
        Assert.Equal((1L, 0L, 1_000_000L, false, (string?)null), (s.Type, s.Config, s.Period, s.Frequency, s.Program));
        Assert.Equal("perf.type(1).config(0).sample(1000000)", s.Name);
        Assert.Equal("perf.type(16).config(255).sample(16)", Site("perf.type(0x10).config(0xff).sample(0x10)").Name);
        // .hz is a frequency; stap 4.8 still names it sample.
        var hz = Site("perf.type(1).config(0).hz(100)");
        Assert.Equal((100L, true, "perf.type(1).config(0).sample(100)"), (hz.Period, hz.Frequency, hz.Name));
        Assert.Equal("perf.type(-1).config(0).sample(1000000)", Site("perf.type(-1).config(0)").Name);
    }

    [Fact]
    public void AliasesAreTheAbisPairsAndTakeSuffixes()
    {
        Assert.Equal("perf.type(1).config(0).sample(1000000)", Site("perf.sw.cpu_clock").Name);
        Assert.Equal("perf.type(0).config(0).sample(1000000)", Site("perf.hw.cpu_cycles").Name);
        Assert.Equal("perf.type(0).config(9).sample(1000000)", Site("perf.hw.ref_cpu_cycles").Name);
        Assert.Equal("perf.type(1).config(8).sample(1000000)", Site("perf.sw.emulation_faults").Name);
        Assert.Equal("perf.type(1).config(2).sample(1000)", Site("perf.sw.page_faults.sample(1000)").Name);
        Assert.Equal(0x010100, Site("perf.hw_cache.l1d.write.miss").Config);
    }

    [Fact]
    public void ProcessNamesTheProgramOrTheTargets()
    {
        Assert.Equal("perf.type(1).config(1).sample(1000000).process(\"/nonexist\")", Site("perf.sw.task_clock.process(\"/nonexist\")").Name);
        var ls = Site("perf.sw.task_clock.process(\"/bin/sh\")");
        Assert.Equal(ProcessPathOf("/bin/sh"), ls.Program);
        Assert.Equal("/proc/1/exe", Site("perf.sw.task_clock.process", o => o with { TargetPid = 1 }).Program);
        Assert.Equal(ProcessPathOf("/bin/sh"), Site("perf.sw.task_clock.process", o => o.WithTargetCommand("/bin/sh -c true")).Program);
        Assert.Equal(ProcessPathOf("/bin/sh"), Site("perf.sw.task_clock.process", o => o.WithTargetCommand("'/bin/sh' -c 'a b'")).Program);
    }

    private static string ProcessPathOf(string path) => Stapper.Elaborate.Providers.ProcessPath.RealPath(path);

    [Fact]
    public void StapsErrors()
    {
        Assert.Equal("semantic error: while resolving probe point: identifier 'perf' at t.stp:1:7\n"
            + "        source: probe perf.type(1).config(0).sample(0) { println(1) }\n"
            + "                      ^\n\n"
            + "semantic error: invalid perf sample period 0: number '0' at :1:37\n"
            + "        source: probe perf.type(1).config(0).sample(0) { println(1) }\n"
            + "                                                    ^\n\n",
            Errors("perf.type(1).config(0).sample(0)"));
        Assert.Contains("invalid perf sample period -5: number '5' at :1:38", Errors("perf.type(1).config(0).sample(-5)"));
        // stap 4.8's text for a -c command wordexp refuses (stap -p2 -e 'probe perf.sw.task_clock.process {}' -c 'a; b')
        Assert.Equal("semantic error: while resolving probe point: identifier 'perf' at t.stp:1:7\n"
            + "        source: probe perf.sw.task_clock.process { println(1) }\n"
            + "                      ^\n\n"
            + "semantic error: invalid -c command for unspecified process probe [man stapprobes]: identifier 'process' at :1:26\n"
            + "        source: probe perf.sw.task_clock.process { println(1) }\n"
            + "                                         ^\n\n",
            Errors("perf.sw.task_clock.process", o => o.WithTargetCommand("/bin/true; /bin/true")));
        Assert.Contains("semantic error: unspecified process probe is invalid without a -c COMMAND [man stapprobes]: identifier 'process' at :1:26\n",
            Errors("perf.sw.task_clock.process"));
        Assert.Contains("probe point truncated (follow:  config(number)): identifier 'type' at :1:12", Errors("perf.type(1)"));
        Assert.Contains("probe point truncated (follow:  hw hw_cache sw type(number)): identifier 'perf' at :1:7", Errors("perf"));
        Assert.Contains("invalid suffix for probe: identifier 'hz' at :1:41", Errors("perf.type(1).config(0).sample(10).hz(5)"));
        Assert.Contains("invalid suffix for probe: identifier 'sample' at :1:38", Errors("perf.type(1).config(0).process.sample(5)"));
        Assert.Contains("invalid suffix for probe: identifier 'process' at :1:40", Errors("perf.type(1).config(0).sample(5).process"));
        Assert.Contains("invalid suffix for probe: identifier 'process' at :1:30", Errors("perf.type(1).config(0).process(123)"));
        Assert.Contains("invalid suffix for probe: identifier 'foo' at :1:30", Errors("perf.type(1).config(0).foo"));
        Assert.Contains("probe point mismatch (similar: type, hw, sw, hw_cache): identifier 'type' at :1:12", Errors("perf.type(\"a\").config(0)"));
        Assert.Equal("semantic error: while resolving probe point: identifier 'perf' at t.stp:1:7\n"
            + "        source: probe perf.type(1).config(0).process { println(1) }\n"
            + "                      ^\n\n"
            + "semantic error: unspecified process probe is invalid without a -c COMMAND [man stapprobes]\n\n",
            Errors("perf.type(1).config(0).process"));
        Assert.DoesNotContain("resolving", Errors("perf.type(1).config(0).process ?"));
    }

    [Fact]
    public void CountersAreNamedAsStapNamesThem()
    {
        var program = Elaboration.Program("probe perf.type(1).config(0).process(\"/nonexist\").counter(\"a\") { }\n"
            + "probe perf.sw.page_faults.counter(\"b\") { }", Tapset);
        var sites = program.Probes.Select(p => Assert.IsType<PerfSite>(p.Sites.Single())).ToList();
        Assert.Equal(("perf.type(1).config(0).sample(0).process(\"/nonexist\").counter(\"a\")", "a", 0L),
            (sites[0].Name, sites[0].Counter, sites[0].Period));
        // without .process: the process of the probe reading it; an empty body is no elided probe
        Assert.Equal(("perf.type(1).config(2).sample(0).counter(\"b\")", (string?)null), (sites[1].Name, sites[1].Program));
    }

    [Fact]
    public void CounterNamesAreCheckedAsStapChecksThem()
    {
        Assert.Contains("semantic error: wildcard not allowed with perf probe counter component\n", Errors("perf.type(1).config(0).counter(\"a*\")"));
        Assert.Contains("semantic error: missing perf probe counter component name\n", Errors("perf.type(1).config(0).counter(\"\")"));
        var twice = string.Concat(Elaboration.Run("probe perf.type(1).config(0).counter(\"x\") { }\nprobe perf.sw.page_faults.counter(\"x\") { }",
            null, o => o, Tapset).Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        // through an alias: at the point as written, naming the suffix's first component
        Assert.Contains("while resolving probe point: identifier 'perf' at t.stp:2:7", twice);
        Assert.Contains("duplicate counter name: identifier 'counter' at :2:27", twice);
        // stap 4.8 names the component after .hz(N)
        Assert.Contains("invalid suffix for probe: identifier 'counter'", Errors("perf.type(1).config(0).hz(10).counter(\"d\")"));
    }

    [Fact]
    public void PerfOutsideAProcessProbeIsLeftForPass3()
    {
        // outside a function or statement probe stap's pass 2 keeps it: its translator refuses it
        var program = Elaboration.Program("probe perf.sw.task_clock.process(\"/nonexist\").counter(\"a\") { }\n"
            + "probe begin { println(@perf(\"a\")) }", Tapset);
        var read = BoundWalkerReads(program.Probes[1].Body);
        Assert.Equal(("a", (string?)null), (read.Name, read.Counter));
    }

    private static BoundPerfRead BoundWalkerReads(BoundBlock body) =>
        Assert.Single(Stapper.Elaborate.BoundWalker.Nodes(body).OfType<BoundPerfRead>());

    [Fact]
    public void TimerProfileFreqHzIsStapsAliasOfTheCpuClockByFrequency()
    {
        var timers = ("timers.stp", File.ReadAllText(Path.Combine(Harness.RepoRoot, "tapsets", "timers.stp")));
        var program = Elaboration.Program("probe timer.profile.freq.hz(99) { println(1) }", timers, Tapset);
        var site = Assert.IsType<PerfSite>(program.Probes.Single().Sites.Single());
        Assert.Equal((1L, 0L, 99L, true), (site.Type, site.Config, site.Period, site.Frequency));
        Assert.Equal("perf.type(1).config(0).sample(99)", site.Name);
    }
}
