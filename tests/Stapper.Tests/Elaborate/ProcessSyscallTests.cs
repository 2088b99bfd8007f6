using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Translate.Sites;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>process.syscall and .syscall.return: their sites, stap's variables and stap's errors for the others.</summary>
public sealed class ProcessSyscallTests
{
    private static string Errors(string script) =>
        string.Concat(Elaboration.Run(script).Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    [Fact]
    public void EveryProcessAPathOrAPidIsOneSite()
    {
        var sites = Elaboration.Program("probe process.syscall, process(42).syscall.return, process(\"/bin/sh\").syscall { println($syscall) }")
            .Probes.SelectMany(p => p.Sites).Cast<ProcessSyscallSite>().ToList();
        var sh = Stapper.Elaborate.Providers.ProcessPath.Resolve("/bin/sh");
        Assert.Equal([("process.syscall", null, null, false), ("process(42).syscall.return", null, 42, true),
            ($"process(\"{sh}\").syscall", sh, null, false)], sites.Select(s => (s.Name, s.Path, s.Pid, s.Return)));
    }

    [Fact]
    public void VariablesAreTheNumberTheArgumentRegistersAndTheReturnValue()
    {
        var probe = Elaboration.Program("probe process.syscall { printf(\"%d %d %d %s\\n\", $syscall, $arg1, $arg4, $$parms) }").Probes.Single();
        var values = Walk(probe.Body).OfType<BoundTargetValue>().Select(v => string.Join(" ", v.Steps)).ToList();
        Assert.Equal("LoadContextArgument { Index = 1 }", values[0]);
        // rdi, and r10 for the fourth: the system call convention's registers in the user's pt_regs.
        Assert.Equal("LoadContextArgument { Index = 0 } AddOffset { Bytes = 112 } Fetch { Size = 8, Signed = True }", values[1]);
        Assert.Equal("LoadContextArgument { Index = 0 } AddOffset { Bytes = 56 } Fetch { Size = 8, Signed = True }", values[2]);
        var parms = Walk(probe.Body).OfType<BoundPrint>().Single(p => p.Kind == PrintKind.Sprintf);
        Assert.Equal("$arg1= $arg2= $arg3= $arg4= $arg5= $arg6=", string.Concat(parms.Format.OfType<Stapper.Parse.FormatText>().Select(f => f.Text)));
        Assert.Equal(6, parms.Arguments.Length);
        var ret = Elaboration.Program("probe process.syscall.return { printf(\"%d %d\\n\", $syscall, $return) }").Probes.Single();
        Assert.Equal(["LoadContextArgument { Index = 0 } AddOffset { Bytes = 120 } Fetch { Size = 8, Signed = True }", "LoadReturnValue { }"],
            Walk(ret.Body).OfType<BoundTargetValue>().Select(v => string.Join(" ", v.Steps)));
        // Nothing is captured at entry, and stap does not warn about $syscall in a return probe.
        Assert.Empty(Elaboration.Run("probe process.syscall.return { println($syscall) }").Diagnostics);
    }

    [Theory]
    [InlineData("probe process.syscall { println($foo) }", "invalid target symbol for utrace probe, $syscall, $return, $argN or $$parms expected: identifier '$foo'")]
    [InlineData("probe process.syscall.return { println($arg1) }", "only \"process(PATH_OR_PID).syscall\" support $argN or $$parms.: identifier '$arg1'")]
    [InlineData("probe process.syscall { println($return) }", "only \"process(PATH_OR_PID).syscall.return\" support $return.: identifier '$return'")]
    [InlineData("probe process.syscall { println($arg7) }", "invalid syscall argument number (1-6): identifier '$arg7'")]
    public void OtherVariablesGetStapsErrors(string script, string error) =>
        Assert.StartsWith("semantic error: " + error, Errors(script));

    [Fact]
    public void TheEmitterPutsASiteOnTheRawSyscallTracepoint()
    {
        var tree = new B();
        var code = new UserProcessEmitter().Emit(new ProcessSyscallSite("/bin/ls", null, true, "p", false, tree.S), null!)!;
        Assert.Equal("process_syscall", code.Template);
        Assert.Equal(("sys_exit", "\"/bin/ls\"", "0"), ((string)code.Model["tracepoint"]!, (string)code.Model["path"]!, (string)code.Model["pid"]!));
        code = new UserProcessEmitter().Emit(new ProcessSyscallSite(null, 7, false, "p", false, tree.S), null!)!;
        Assert.Equal(("sys_enter", "NULL", "7"), ((string)code.Model["tracepoint"]!, (string)code.Model["path"]!, (string)code.Model["pid"]!));
    }

    private static IEnumerable<object> Walk(BoundStatement body) => BoundWalker.Nodes(body);
}
