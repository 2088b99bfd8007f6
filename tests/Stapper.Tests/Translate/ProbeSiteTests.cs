using Stapper.Elaborate;
using Stapper.Parse;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>Generated C for the probe families and the per-probe locks.</summary>
public class ProbeSiteTests
{
    private static string Generate(B b, params ProbeSite[] sites)
    {
        var n = b.Global("n");
        // two copies of the same global (pass 2 may hand out several records): one lock
        var nCopy = n with { };
        var body = b.Block(
            b.X(b.Set(b.G(n), b.N(1), AssignmentOperator.AddAssign)),
            b.X(b.Println(b.G(nCopy))));
        var probes = sites.Select((s, i) => new Probe(i, [s], body, [], b.S)).ToArray();
        return Harness.Translate(B.Program([n], [], probes)).Files[TranslatePass.SourceFileName];
    }

    [Fact]
    public void EntryProbeUsesFtraceOpsWithKprobeFallback()
    {
        var b = new B();
        var c = Generate(b, new KernelFunctionSite("vfs_read", null, false, 0, "kernel.function(\"vfs_read\")", false, b.S));
        Assert.Contains("ftrace_set_filter(&stp_site_0_ops, stp_site_0_symbol", c);
        Assert.Contains("register_ftrace_function(&stp_site_0_ops)", c);
        Assert.Contains("rc = register_kprobe(&stp_site_0_kp);", c);
        Assert.Contains("ftrace_test_recursion_trylock(ip, parent_ip)", c);
        Assert.Contains("stp_error(\"probe %s registration error [man warning::pass5] (rc %d)\", \"kernel.function(\\\"vfs_read\\\")\", rc);", c);
    }

    [Fact]
    public void ReturnProbeUsesKretprobe()
    {
        var b = new B();
        var c = Generate(b, new KernelFunctionSite("vfs_read", null, true, 20, "kernel.function(\"vfs_read\").return", true, b.S));
        Assert.Contains(".maxactive = 20,", c);
        Assert.Contains("register_kretprobe(&stp_site_0_rp)", c);
        // optional: a failure is ignored
        Assert.Contains("rc = stp_site_0_register();\n\trc = 0;", c);
    }

    [Fact]
    public void TimersUseHrtimerTimerListAndPerCpuHrtimers()
    {
        var b = new B();
        var c = Generate(b,
            new TimerSite(10_000_000, 1_000_000, "timer.ms(10).randomize(1)", false, b.S),
            new JiffiesTimerSite(5, 0, "timer.jiffies(5)", false, b.S),
            new ProfileTimerSite("timer.profile", false, b.S));
        Assert.Contains("s64 ns = 10000000LL;", c);
        Assert.Contains("stp_hrtimer_setup(&stp_site_0_timer", c);
        Assert.Contains("mod_timer(t, jiffies + stp_site_1_interval());", c);
        Assert.Contains("HRTIMER_MODE_REL_PINNED", c);
    }

    [Fact]
    public void OneWriteLockPerGlobalEvenWithCopiedRecords()
    {
        var b = new B();
        var c = Generate(b, new TimerSite(1_000_000, 0, "timer.ms(1)", false, b.S));
        Assert.Contains("if (!stp_lock_write(&stp_gl_n)) goto unlock0;\n\treturn 1;", c);
        Assert.DoesNotContain("stp_lock_read(&stp_gl_n)", c);
    }

    [SkippableKernelFact]
    public void AllFamiliesBuild()
    {
        var b = new B();
        var n = b.Global("n");
        var body = b.Block(b.X(b.Set(b.G(n), b.N(1), AssignmentOperator.AddAssign)));
        ProbeSite[] sites =
        [
            new TimerSite(10_000_000, 1_000_000, "timer.ms(10).randomize(1)", false, b.S),
            new JiffiesTimerSite(5, 2, "timer.jiffies(5).randomize(2)", false, b.S),
            new ProfileTimerSite("timer.profile", false, b.S),
            new KernelFunctionSite("vfs_read", null, false, 0, "kernel.function(\"vfs_read\")", false, b.S),
            new KernelFunctionSite("vfs_read", null, true, 0, "kernel.function(\"vfs_read\").return", false, b.S),
        ];
        var probes = sites.Select((s, i) => new Probe(i, [s], body, [], b.S)).ToArray();
        Harness.BuildClean(Harness.Translate(B.Program([n], [], probes), "stap_families"));
    }
}
