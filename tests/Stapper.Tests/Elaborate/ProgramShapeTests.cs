using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

public class ProgramShapeTests
{
    private static readonly (string, string) ContextTapset = ("ctx.stp", """
        function pid:long () %{ /* pure */ STAP_RETVALUE = 1; %}
        function unused:long () %{ STAP_RETVALUE = 2; %}
        global argc
        probe begin(-1000) { argc = 2 }
        """);

    [Fact]
    public void TapsetFilesArePulledInWholeAndUnusedFunctionsPruned()
    {
        var program = Elaboration.Program("probe begin { println(pid() + argc) }", ContextTapset);
        Assert.Equal(["pid"], program.Functions.Select(f => f.Name).ToArray());
        Assert.Contains(program.Probes, p => p.Sites.Single() is BeginSite { Sequence: -1000 });
        Assert.Equal(["argc"], program.Globals.Select(g => g.Name).ToArray());
    }

    [Fact]
    public void UnusedTapsetsStayOut()
    {
        var program = Elaboration.Program("probe begin { println(1) }", ContextTapset);
        Assert.Empty(program.Functions);
        Assert.Single(program.Probes);
    }

    [Fact]
    public void AliasPrologueRunsBeforeAndEpilogueAfter()
    {
        var program = Elaboration.Program("""
            probe myalias = timer.ms(5), timer.s(1) { x = 1 }
            probe myalias += begin { x = 2 }
            probe myalias { println(x) }
            """);
        Assert.Equal(3, program.Probes.Length);
        Assert.Equal(["timer.ms(5)", "timer.s(1)", "begin"], program.Probes.Select(p => p.Sites.Single().Name).ToArray());
        var prologue = (BoundBlock)program.Probes[0].Body;
        Assert.IsType<BoundBlock>(prologue.Statements[0]);
        Assert.IsType<BoundExpressionStatement>(prologue.Statements[1]);
        Assert.Equal(1_000_000_000, ((TimerSite)program.Probes[1].Sites[0]).PeriodNanoseconds);
    }

    [Theory]
    [InlineData("a.*", "timer.s(1)")]
    [InlineData("*.b1", "timer.s(1)")]
    [InlineData("a.**", "timer.s(1) timer.s(2)")]
    [InlineData("a**c", "timer.s(2)")]
    [InlineData("**.c", "timer.s(2)")]
    [InlineData("a.**.c", "timer.s(2)")]
    [InlineData("a*.b*", "timer.s(1)")]
    [InlineData("**", "timer.s(1) timer.s(2) timer.s(3)")]
    public void AliasesMatchWildcardsAndDoubleGlobsSpanComponents(string point, string sites)
    {
        // stap: '*' stays within a component; "**" is tried as '*' and as '*' followed by "**" on the next one.
        var result = Elaboration.Run($$"""
            probe a.b1 = timer.s(1) { }
            probe a.b2.c = timer.s(2) { }
            probe ab = timer.s(3) { }
            probe {{point}} ? { println(1) }
            """);
        var names = result.Program?.Probes.SelectMany(p => p.Sites).Select(s => s.Name) ?? [];
        Assert.Equal(sites, string.Join(" ", names));
    }

    [Fact]
    public void KernelFunctionBracketWildcardsExpand()
    {
        var kernel = new FakeKernel("sys_read", "sys_write", "sys_open", "sys_r");
        var result = Elaboration.Run("probe kernel.function(\"sys_[rw]?*\") { println(1) }", kernel);
        Assert.Equal(["kernel.function(\"sys_read\")", "kernel.function(\"sys_write\")"],
            result.Program!.Probes.Single().Sites.Select(s => s.Name).ToArray());
    }

    [Fact]
    public void AutoPrintShowsWrittenButUnreadGlobals()
    {
        var program = Elaboration.Program("global count, seen, names\nprobe begin { count++; names[\"a\", 1] = \"x\"; seen = 1; if (seen) println(1) }");
        var ends = program.Probes.Where(p => p.Sites.Single() is EndSite).Select(p => ProgramPrinter.Print(program, verbose: true)).ToList();
        var text = ProgramPrinter.Print(program, verbose: true);
        Assert.Contains("printf(\"count=%d\\n\", count)", text);
        Assert.Contains("printf(\"names[\\\"%#s\\\",%#d]=\\\"%#s\\\"\\n\", __idx0, __idx1, __val)", text);
        Assert.DoesNotContain("seen=", text);
        Assert.Equal(2, ends.Count);
    }

    [Fact]
    public void AutoPrintShowsGlobalsThatOnlyEmbeddedCReads()
    {
        // stap's varuse: a pragma:read is a read but no use (global_access.exp's scripts print their globals at the end)
        var result = Elaboration.Run("global v, w\nfunction f:long() %{ /* pragma:read:v */ /* pragma:read:w */ STAP_RETURN(0); %}\n" +
            "probe begin { v = 1; w = 2; println(f() + w) }", null, o => o with { GuruMode = true });
        var text = ProgramPrinter.Print(result.Program!, verbose: true);
        Assert.Contains("printf(\"v=%d\\n\", v)", text);
        Assert.DoesNotContain("w=", text);
    }

    [Fact]
    public void KernelFunctionsAreCheckedAndWildcardsExpanded()
    {
        var kernel = new FakeKernel("vfs_read", "vfs_readv", "vfs_write");
        var result = Elaboration.Run("probe kernel.function(\"vfs_read*\").return { println(1) }", kernel);
        Assert.Equal(["kernel.function(\"vfs_read\").return", "kernel.function(\"vfs_readv\").return"],
            result.Program!.Probes.Single().Sites.Select(s => s.Name).ToArray());
        var missing = Elaboration.Run("probe kernel.function(\"no_such_fn\") { }", kernel);
        // stap's form: while resolving the point, no match, with the closest names the kernel has
        Assert.Contains(missing.Diagnostics, d => d.Message == "while resolving probe point"
            && d.Chain?.Message == "no match (similar functions: vfs_read, vfs_readv, vfs_write)");
        var optional = Elaboration.Run("probe kernel.function(\"no_such_fn\") ?, begin { println(1) }", kernel);
        Assert.Equal(["begin"], optional.Program!.Probes.Single().Sites.Select(s => s.Name).ToArray());
    }

    [Fact]
    public void UnknownProbePointIsAnError()
    {
        var errors = Elaboration.Errors("probe nosuch.thing { }");
        Assert.StartsWith("semantic error: while resolving probe point: identifier 'nosuch' at t.stp:1:7", errors);
        Assert.Contains("semantic error: probe point mismatch (similar: ", errors);
    }
}
