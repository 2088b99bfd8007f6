using Stapper.Elaborate;
using Stapper.Translate.Sites;

namespace Stapper.Tests.Translate;

/// <summary>Each family's emitter: the template, model and session role it gives a sample site.</summary>
public class SiteEmitterTests
{
    private static readonly B Tree = new();

    private static SiteCode? Emit(ISiteEmitter emitter, ProbeSite site, BoundBlock? body = null, bool readsRegisters = false) =>
        emitter.Emit(site, new SiteProbe(Tree.Probe(0, site, body ?? Tree.Block()), readsRegisters));

    private static void AssertCode(SiteCode? code, string template, Dictionary<string, object?> model, SessionRole role = SessionRole.Registered, long sequence = 0)
    {
        Assert.NotNull(code);
        Assert.Equal(template, code.Template);
        Assert.Equal(model, code.Model);
        Assert.Equal(role, code.Role);
        Assert.Equal(sequence, code.Sequence);
    }

    [Fact]
    public void BeginEndAndErrorRunFromTheSessionAndNeverHasNoCode()
    {
        var e = new BeginEndEmitter();
        AssertCode(Emit(e, Tree.Begin(5)), "begin", new() { ["state"] = "STP_SESSION_STARTING" }, SessionRole.Begin, 5);
        AssertCode(Emit(e, Tree.End(-1)), "begin", new() { ["state"] = "STP_SESSION_STOPPING" }, SessionRole.End, -1);
        AssertCode(Emit(e, Tree.ErrorProbe()), "begin", new() { ["state"] = "STP_SESSION_ERROR" }, SessionRole.Error);
        Assert.Null(Emit(e, new NeverSite("never", false, Tree.S)));
    }

    [Fact]
    public void ProcfsStdinWriteProbesTagTheModuleForTheStdinRelay()
    {
        var e = new ProcfsEmitter();
        AssertCode(Emit(e, new ProcfsSite("__stdin", true, 0x80, 0, "procfs(\"__stdin\").write", false, Tree.S)), "procfs",
            new() { ["path"] = "\"__stdin\"", ["write"] = "1", ["mode"] = "0200", ["maxsize"] = "0", ["stdin"] = "1" });
        AssertCode(Emit(e, new ProcfsSite("__stdin", false, 0x124, 0, "procfs(\"__stdin\").read", false, Tree.S)), "procfs",
            new() { ["path"] = "\"__stdin\"", ["write"] = "0", ["mode"] = "0444", ["maxsize"] = "0", ["stdin"] = "0" });
        AssertCode(Emit(e, new ProcfsSite("x", true, 0x80, 0, "procfs(\"x\").write", false, Tree.S)), "procfs",
            new() { ["path"] = "\"x\"", ["write"] = "1", ["mode"] = "0200", ["maxsize"] = "0", ["stdin"] = "0" });
    }

    [Fact]
    public void TimersAreRegisteredWithTheirPeriodsAsCNumbers()
    {
        var e = new TimerEmitter();
        AssertCode(Emit(e, new TimerSite(10_000_000, 1_000_000, "timer.ms(10).randomize(1)", false, Tree.S)), "timer",
            new() { ["period_ns"] = "10000000", ["randomize_ns"] = "1000000" });
        AssertCode(Emit(e, new JiffiesTimerSite(5, 2, "timer.jiffies(5).randomize(2)", false, Tree.S)), "jiffies",
            new() { ["jiffies"] = "5", ["randomize"] = "2" });
        AssertCode(Emit(e, new ProfileTimerSite("timer.profile", false, Tree.S)), "profile", new());
    }

    [Fact]
    public void KernelFunctionEntryNeedsRegistersOnlyWhenItsProbeReadsMoreThanItsFirstSixParameters()
    {
        var e = new KernelFunctionEmitter();
        var site = new KernelFunctionSite("vfs_read", null, false, 0, "kernel.function(\"vfs_read\")", false, Tree.S);
        Dictionary<string, object?> Model(bool regs, bool args = false) => new()
        {
            ["symbol"] = "\"vfs_read\"",
            ["maxactive"] = "0",
            ["needs_regs"] = regs,
            ["reads_args"] = args,
            ["saves_args"] = false,
        };
        BoundBlock Reading(params TargetStep[][] values) => Tree.Block([.. values.Select(v => Tree.X(new BoundTargetValue([.. v], Tree.S)))]);
        AssertCode(Emit(e, site), "kprobe", Model(false));
        AssertCode(Emit(e, site, readsRegisters: true), "kprobe", Model(true));
        // $params among the first six: the argument registers ftrace saves; with embedded C reading pt_regs, a kprobe.
        AssertCode(Emit(e, site, Reading([new LoadParameter(1, false)], [new LoadParameter(5, false), new AddOffset(8)])), "kprobe", Model(false, true));
        AssertCode(Emit(e, site, Reading([new LoadParameter(1, false)]), readsRegisters: true), "kprobe", Model(true));
        // A seventh parameter (on the stack), another register: a kprobe.
        AssertCode(Emit(e, site, Reading([new LoadParameter(0, false)], [new LoadParameter(6, false)])), "kprobe", Model(true));
        AssertCode(Emit(e, site, Reading([new LoadParameter(0, false)], [new LoadRegister("sp")])), "kprobe", Model(true));
        // A module's function is always a kprobe (an ftrace_ops across its unload crashed the guest): pt_regs.
        var inModule = new KernelFunctionSite("dummy_get_stats64", "dummy", false, 0, "module(\"dummy\").function(\"dummy_get_stats64\")", false, Tree.S);
        var code = Emit(e, inModule, Reading([new LoadParameter(0, false)]));
        Assert.Equal(false, code!.Model["reads_args"]);
    }

    [Fact]
    public void KernelFunctionReturnSavesEntryArgumentsItsProbeReads()
    {
        var e = new KernelFunctionEmitter();
        var site = new KernelFunctionSite("ext4_read", "ext4", true, 20, "module(\"ext4\").function(\"ext4_read\").return", false, Tree.S);
        var body = Tree.Block(
            Tree.X(new BoundTargetValue([new LoadParameter(0, true)], Tree.S)),
            Tree.X(new BoundTargetValue([new LoadReturnValue()], Tree.S)));
        AssertCode(Emit(e, site, body), "kretprobe", new()
        {
            ["symbol"] = "\"ext4_read\"",
            ["maxactive"] = "20",
            ["needs_regs"] = true,
            ["reads_args"] = false,
            ["saves_args"] = true,
            ["module"] = "\"ext4\"",
        });
    }

    [Fact]
    public void TracepointHandlerTakesOneWordPerArgument()
    {
        var e = new TracepointEmitter();
        var code = Emit(e, new TracepointSite("sched", "sched_switch", 4, "kernel.trace(\"sched:sched_switch\")", false, Tree.S));
        Assert.NotNull(code);
        Assert.Equal("tracepoint", code.Template);
        Assert.Equal(SessionRole.Registered, code.Role);
        Assert.Equal("\"sched_switch\"", code.Model["tracepoint"]);
        Assert.Equal(["0", "1", "2", "3"], (IEnumerable<string>)code.Model["args"]!);
        Assert.Equal(2, code.Model.Count);
    }

    [Fact]
    public void UserFunctionIsAUprobeAtItsFileOffset()
    {
        var e = new UserProcessEmitter();
        AssertCode(Emit(e, new UserFunctionSite("/usr/bin/ls", "main", 0x1149, false, null, "process(\"/usr/bin/ls\").function(\"main\")", false, Tree.S)),
            "uprobe", new() { ["path"] = "\"/usr/bin/ls\"", ["offset"] = "0x1149", ["ref_ctr_offset"] = "0x0", ["return"] = false, ["pid"] = "0", ["program"] = "NULL" });
        AssertCode(Emit(e, new UserFunctionSite("/usr/bin/ls", "main", 0x1149, true, null, "process(\"/usr/bin/ls\").function(\"main\").return", false, Tree.S) { Pid = 42 }),
            "uprobe", new() { ["path"] = "\"/usr/bin/ls\"", ["offset"] = "0x1149", ["ref_ctr_offset"] = "0x0", ["return"] = true, ["pid"] = "42", ["program"] = "NULL" });
    }

    [Fact]
    public void PerfIsAnAttrOfTypeConfigAndPeriodOnCpusOrAProgram()
    {
        var e = new PerfEmitter();
        AssertCode(Emit(e, new PerfSite(1, 0, 1000000, false, null, "perf.type(1).config(0).sample(1000000)", false, Tree.S)), "perf",
            new() { ["type"] = "1U", ["config"] = "0ULL", ["period"] = "1000000ULL", ["frequency"] = false, ["path"] = "NULL" });
        AssertCode(Emit(e, new PerfSite(-1, 0x10100, 100, true, "/usr/bin/busybox", "x", false, Tree.S)), "perf",
            new() { ["type"] = "4294967295U", ["config"] = "65792ULL", ["period"] = "100ULL", ["frequency"] = true, ["path"] = "\"/usr/bin/busybox\"" });
        // a counter is named by its counter, '_' and other characters escaped
        AssertCode(Emit(e, new PerfSite(1, 2, 0, false, null, "c", false, Tree.S) { Counter = "a_b" }), "perf",
            new() { ["type"] = "1U", ["config"] = "2ULL", ["period"] = "0ULL", ["frequency"] = false, ["path"] = "NULL", ["counter"] = "a_5f_b" });
    }

    [Fact]
    public void HardwareBreakpointIsAnAddressOrASymbolWithItsAccess()
    {
        var e = new HardwareBreakpointEmitter();
        AssertCode(Emit(e, new HardwareBreakpointSite(0x1234, null, 4, false, "kernel.data(0x1234).length(4).write", false, Tree.S)), "hwbkpt",
            new() { ["address"] = "0x1234UL", ["symbol"] = "NULL", ["length"] = "4L", ["type"] = "HW_BREAKPOINT_W" });
        AssertCode(Emit(e, new HardwareBreakpointSite(0, "vm_dirty_ratio", 1, true, "x", false, Tree.S)), "hwbkpt",
            new() { ["address"] = "0x0UL", ["symbol"] = "\"vm_dirty_ratio\"", ["length"] = "1L", ["type"] = "HW_BREAKPOINT_R | HW_BREAKPOINT_W" });
    }
}
