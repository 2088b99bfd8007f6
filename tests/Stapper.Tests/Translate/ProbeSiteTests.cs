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
            b.X(b.Set(b.G(n), b.N(1), AssignmentOperator.MultiplyAssign)),
            b.X(b.Println(b.G(nCopy))));
        var probes = sites.Select((s, i) => new Probe(i, [s], body, [], b.S)).ToArray();
        return Harness.Translate(B.Program([n], [], probes)).Files[TranslatePass.SourceFileName];
    }

    [Fact]
    public void EntryProbeUsesFtraceOpsWithKprobeFallback()
    {
        var b = new B();
        var c = Generate(b, new KernelFunctionSite("vfs_read", null, false, 0, "kernel.function(\"vfs_read\")", false, b.S));
        // The site is data for runtime/stp_fentry.h: ftrace_ops where it may, the kprobe otherwise.
        Assert.Contains("static struct stp_fentry_site stp_site_0 = {\n\t.ops = &stp_site_0_ops,\n\t.kp = &stp_site_0_kp,\n\t.symbol = stp_site_0_symbol,\n#ifndef STP_NO_FTRACE_OPS\n\t.ftrace = 1,\n#endif\n};", c);
        Assert.Contains("static int stp_site_0_attach(void) { return stp_fentry_attach(&stp_site_0); }", c);
        Assert.Contains(".pre_handler = stp_site_0_pre,", c);
        // The runner out of line and notrace; its busy count, not ftrace's recursion bits, turns reentry away.
        Assert.Contains("static noinline notrace void stp_probe_0_args(", c);
        Assert.Contains("stp_probe_0_args(STP_PP(0), STP_SESSION_RUNNING, NULL, ip, NULL);", c);
        Assert.DoesNotContain("ftrace_test_recursion_trylock", c);
        Assert.Contains("stp_error(\"probe %s registration error [man warning::pass5] (rc %d)\", STP_PP(0), rc);", c);
        // The site's record (runtime/stp_timing.h): pp, pn, and for -t its location and derivation.
        Assert.Matches("""STP_SITE_PP\(0, "kernel.function\(\\"vfs_read\\"\)", "kernel.function\(\\"vfs_read\\"\)", "[^"]*:\d+:\d+", " from: kernel.function\(\\"vfs_read\\"\)"\);\n""", c);
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
    public void ReturnProbeUsesFprobeWhereTheKernelHasItWithKretprobeFallback()
    {
        var b = new B();
        var c = Generate(b, new KernelFunctionSite("vfs_read", null, true, 20, "kernel.function(\"vfs_read\").return", false, b.S));
        Assert.Contains("#include \"stp_fprobe.h\"", c);
        Assert.Contains("stp_site_0_fp.nr_maxactive = stp_fprobe_maxactive(20);", c);
        Assert.Contains("rc = register_fprobe_syms(&stp_site_0_fp, stp_site_0_syms, 1);", c);
        Assert.Contains(".exit_handler = stp_site_0_fexit,", c);
        // no failure stops at the fprobe: a function with no ftrace location falls back to a kretprobe
        Assert.Matches(@"#endif\n\t/\* registered again[^\n]*\n[^\n]*\n[^\n]*\n\trc = register_kretprobe\(&stp_site_0_rp\);", c);
        Assert.Contains("atomic_add(stp_site_0_fp.nmissed, &stp_skipped_count);", c);
    }

    [Fact]
    public void ModuleReturnProbeIsAlwaysKretprobe()
    {
        var b = new B();
        var c = Generate(b, new KernelFunctionSite("ext4_file_read_iter", "ext4", true, 0, "module(\"ext4\").function(\"ext4_file_read_iter\").return", false, b.S));
        Assert.Contains("register_kretprobe(&stp_site_0_rp)", c);
        Assert.DoesNotContain("register_fprobe_syms", c);
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

    [Fact]
    public void SessionRegistersInOrderAndRunsBeginEndErrorBySequenceThenProgramOrder()
    {
        var b = new B();
        var c = Generate(b,
            b.Begin(2),
            b.End(),
            b.Begin(1),
            new TimerSite(1_000_000, 0, "timer.ms(1)", true, b.S),
            b.ErrorProbe(),
            new NeverSite("never", false, b.S),
            b.Begin(1),
            new KernelFunctionSite("vfs_read", null, false, 0, "kernel.function(\"vfs_read\")", false, b.S));
        Assert.Contains("""
            static void stp_unregister_probes(void)
            {
            	stp_site_7_unregister();
            	stp_site_3_unregister();
            }
            static int stp_register_probes(void)
            {
            	int rc = 0;
            	rc = stp_site_3_register();
            	rc = 0;
            	rc = stp_site_7_register();
            	if (rc) {
            		stp_error("probe %s registration error [man warning::pass5] (rc %d)", STP_PP(7), rc);
            		stp_unregister_probes();
            		return rc;
            	}
            	return rc;
            }
            static void stp_run_begin_probes(void)
            {
            	stp_site_2_run();
            	stp_site_6_run();
            	stp_site_0_run();
            }
            static void stp_run_end_probes(void)
            {
            	stp_site_1_run();
            }
            static void stp_run_error_probes(void)
            {
            	stp_site_4_run();
            }
            #ifdef STP_TIMING
            static struct stp_site_pp *const stp_timed_sites[] = {
            	&stp_site_pp_0,
            	&stp_site_pp_1,
            	&stp_site_pp_2,
            	&stp_site_pp_3,
            	&stp_site_pp_4,
            	&stp_site_pp_6,
            	&stp_site_pp_7,
            };
            static const int stp_timed_count = 7;
            #endif

            static int stp_globals_init(void)
            """, c);
        // never is numbered but has no C
        Assert.DoesNotContain("stp_site_5_", c);
    }

    [Fact]
    public void KernelFeaturesAreTheRuntimesAndTheUsedFamilies()
    {
        var b = new B();
        var body = b.Block();
        ModuleSource Translate(params ProbeSite[] sites) =>
            Harness.Translate(B.Program([], [], [.. sites.Select((s, i) => new Probe(i, [s], body, [], b.S))]));
        string[] runtime = ["STAPCONF_TIMER_CONTAINER_OF", "STAPCONF_TIMER_DELETE_SYNC", "STAPCONF_HRTIMER_SETUP", "STAPCONF_MODULE_MEMORY", "STAPCONF_STRLCPY"];
        Assert.Equal(runtime, Translate(b.Begin(), new TimerSite(1_000_000, 0, "timer.ms(1)", false, b.S)).Features.Select(f => f.Macro));
        Assert.Equal([.. runtime, "STAPCONF_FTRACE_REGS_H", "STAPCONF_FPROBE_ENTRY_CB", "STAPCONF_FPROBE_PT_REGS", "STAPCONF_FPROBE_MAXACTIVE"], Translate(
            b.Begin(),
            new KernelFunctionSite("vfs_read", null, true, 0, "kernel.function(\"vfs_read\").return", false, b.S),
            new KernelFunctionSite("vfs_write", null, false, 0, "kernel.function(\"vfs_write\")", false, b.S)).Features.Select(f => f.Macro));
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
