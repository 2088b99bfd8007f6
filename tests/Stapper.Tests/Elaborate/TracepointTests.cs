using System.Collections.Immutable;
using Stapper.Cli;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Parse;
using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// kernel.trace: which tracepoints a probe point names (a fake kernel's), and against the installed kernel's
/// headers and BTF, what its target variables resolve to.
/// </summary>
public sealed class TracepointTests
{
    private sealed class FakeTracepoints(params KernelTracepoint[] tracepoints) : IKernelSymbols
    {
        public bool HasFunction(string name) => false;

        public IEnumerable<string> FunctionsMatching(string glob) => [];

        public IReadOnlyList<KernelTracepoint> Tracepoints => tracepoints;
    }

    private static readonly FakeTracepoints Fake = new(
        new("sched", "sched_switch", 4, true),
        new("sched", "sched_process_exec", 3, true),
        new("sched", "sched_process_fork", 2, true),
        new("irq", "irq_handler_entry", 2, true),
        new("kvm", "kvm_exit", 2, false));

    private static string[] Sites(string probePoint)
    {
        var result = Elaboration.Run("probe " + probePoint + " { println(1) }", Fake);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return result.Program!.Probes.Single().Sites.Select(s => s.Name).ToArray();
    }

    private static string FakeErrors(string script) =>
        string.Concat(Elaboration.Run(script, Fake).Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    [Fact]
    public void NameAloneOrWithItsSystemIsNamedWithItsSystem()
    {
        Assert.Equal(["kernel.trace(\"sched:sched_switch\")"], Sites("kernel.trace(\"sched_switch\")"));
        Assert.Equal(["kernel.trace(\"sched:sched_switch\")"], Sites("kernel.trace(\"sched:sched_switch\")"));
        var site = (TracepointSite)Elaboration.Run("probe kernel.trace(\"sched_switch\") { println(1) }", Fake).Program!.Probes.Single().Sites.Single();
        Assert.Equal(("sched", "sched_switch", 4), (site.System, site.Tracepoint, site.Arity));
    }

    [Fact]
    public void WildcardsMatchInTheNameAndTheSystem()
    {
        Assert.Equal(["kernel.trace(\"sched:sched_process_exec\")", "kernel.trace(\"sched:sched_process_fork\")"],
            Sites("kernel.trace(\"sched_process_*\")"));
        Assert.Equal(["kernel.trace(\"sched:sched_process_exec\")", "kernel.trace(\"sched:sched_process_fork\")", "kernel.trace(\"sched:sched_switch\")"],
            Sites("kernel.trace(\"sched:*\")"));
        Assert.Equal(["kernel.trace(\"irq:irq_handler_entry\")"], Sites("kernel.trace(\"i?q:*\")"));
        // A module's tracepoints are left out of a wildcard's matches.
        Assert.Equal(["kernel.trace(\"irq:irq_handler_entry\")"], Sites("kernel.trace(\"*:*_e*t*\")"));
    }

    [Fact]
    public void UnknownNameOrWrongSystemIsNoMatchUnlessOptional()
    {
        Assert.StartsWith("semantic error: while resolving probe point: identifier 'kernel' at t.stp:1:7", FakeErrors("probe kernel.trace(\"no_such_tp\") { println(1) }"));
        // the closest tracepoint names, as stap suggests them
        Assert.Contains("\nsemantic error: no match (similar tracepoints: ", FakeErrors("probe kernel.trace(\"irq:sched_switch\") { println(1) }"));
        Assert.Equal(["begin"], Sites("kernel.trace(\"no_such_tp\") ?, begin"));
    }

    [Fact]
    public void ModuleOnlyTracepointIsAnError()
    {
        Assert.StartsWith("semantic error: tracepoint 'kvm:kvm_exit' is in a module: module tracepoints are not supported: identifier 'kernel'",
            FakeErrors("probe kernel.trace(\"kvm_exit\") { println(1) }"));
        Assert.Equal(["begin"], Sites("kernel.trace(\"kvm_exit\") ?, begin"));
    }

    [Fact]
    public void HeaderDeclarationsGiveSystemNameAndParameterNames()
    {
        const string Header = """
            #undef TRACE_SYSTEM
            #define TRACE_SYSTEM sched
            /* TRACE_EVENT(commented_out, TP_PROTO(int a), ...) */
            DECLARE_EVENT_CLASS(sched_wakeup_template,
            	TP_PROTO(struct task_struct *p),
            	TP_ARGS(p));
            DEFINE_EVENT(sched_wakeup_template, sched_waking,
            	     TP_PROTO(struct task_struct *p),
            	     TP_ARGS(p));
            TRACE_EVENT(sched_switch,
            	TP_PROTO(bool preempt,
            		 struct task_struct *prev,
            		 struct task_struct *next,
            		 unsigned int prev_state),
            	TP_ARGS(preempt, prev, next, prev_state),
            	TP_STRUCT__entry(__array(char, prev_comm, TASK_COMM_LEN)),
            	TP_fast_assign(),
            	TP_printk("x"));
            DECLARE_TRACE(pelt_se_tp,
            	TP_PROTO(struct sched_entity *se),
            	TP_ARGS(se));
            #define DEFINE_WRAPPED(name) DEFINE_EVENT(sched_wakeup_template, name, TP_PROTO(int x), TP_ARGS(x))
            """;
        var found = TracepointHeaders.Parse(Header).Select(d => d.System + ":" + d.Name + "(" + string.Join(",", d.ParameterNames) + ")");
        Assert.Equal(["sched:sched_waking(p)", "sched:sched_switch(preempt,prev,next,prev_state)", "sched:pelt_se_tp(se)"], found);
        Assert.Empty(TracepointHeaders.Parse("TRACE_EVENT(no_system, TP_PROTO(int a), TP_ARGS(a));"));
    }

    private static readonly Lazy<KernelDebugInfo?> Info = new(() =>
        Harness.HaveKernel ? KernelDebugInfo.Open(Harness.KernelRelease) : null);

    private static ElaborationResult Real(string script) => Elaboration.Run(script, new KernelSymbols(Info.Value!));

    private static string RealErrors(string script) =>
        string.Concat(Real(script).Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    [SkippableKernelFact]
    public void ArgumentsAreReadFromTheProbeContextWithBtfTypes()
    {
        var result = Real("probe kernel.trace(\"sched:sched_switch\") { x = $prev->pid; print(x) }");
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        var pid = (long)Info.Value!.Struct("task_struct")!.FindMember("pid")!.Offset;
        Assert.Equal<TargetStep>([new LoadContextArgument(1), new AddOffset(pid), new Fetch(4, true)],
            BoundWalker.Nodes(result.Program!.Probes.Single().Body).OfType<BoundTargetValue>().Single().Steps);
    }

    [SkippableKernelFact]
    public void NameSystemAndParmsAreStapsContextStrings()
    {
        var result = Real("probe kernel.trace(\"sched_switch\") { println($$name, $$system, $$parms) }");
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        var nodes = BoundWalker.Nodes(result.Program!.Probes.Single().Body).ToList();
        Assert.Contains(nodes, n => n is BoundString { Value: "sched_switch" });
        Assert.Contains(nodes, n => n is BoundString { Value: "sched" });
        var parms = nodes.OfType<BoundPrint>().Single(p => p.Kind == PrintKind.Sprintf);
        Assert.Equal("preempt=%#x prev=%p next=%p prev_state=%#x", string.Concat(parms.Format.Select(p => p switch
        {
            FormatText t => t.Text,
            FormatConversion { Flags: FormatFlags.None } c => "%" + c.Conversion,
            FormatConversion c => "%#" + c.Conversion,
            _ => "?",
        })));
    }

    [SkippableKernelFact]
    public void UnknownArgumentListsTheTracepointsVariables()
    {
        Assert.StartsWith("semantic error: unable to find tracepoint variable '$filename' (alternatives: ",
            RealErrors("probe kernel.trace(\"sched_process_exec\") { println($filename) }"));
    }

    [SkippableKernelFact]
    public void InstalledKernelsSchedSystemIsFound()
    {
        var names = new KernelSymbols(Info.Value!).Tracepoints.Where(t => t.System == "sched").Select(t => t.Name).ToList();
        Assert.Contains("sched_switch", names);
        Assert.Contains("sched_process_exec", names);
    }
}
