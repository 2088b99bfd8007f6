using Stapper.Tests.Elaborate;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>Which probe bodies run without a context: counters only, under conditions that cannot fail.</summary>
public class ContextFreeBodyTests
{
    private static bool Qualifies(string script)
    {
        var program = Elaboration.Program(script);
        return ContextFreeBody.Qualifies(program.Probes[0].Body, program.Counters);
    }

    [Theory]
    [InlineData("global n; probe timer.ms(1) { n++ } probe end { println(n) }", true)]
    [InlineData("global n, m; probe timer.ms(1) { n += 3; { m-- } } probe end { println(n, m) }", true)]
    // Anything that can fail, lock, print or keep a local needs the context.
    [InlineData("global n; probe timer.ms(1) { n += f() } function f() { return 2 } probe end { println(n) }", false)]
    [InlineData("global n; probe timer.ms(1) { n = 1 } probe end { println(n) }", false)]
    [InlineData("global n; probe timer.ms(1) { x = 1; n += x } probe end { println(n) }", false)]
    [InlineData("global n; probe timer.ms(1) { n++; println(1) } probe end { println(n) }", false)]
    [InlineData("global n, a; probe timer.ms(1) { a[1]++; n++ } probe end { println(n, a[1]) }", false)]
    [InlineData("global n; probe timer.ms(1) { if (n > 2) n++ } probe end { println(n) }", false)]
    public void CountersUnderConditionsThatCannotFail(string script, bool expected) => Assert.Equal(expected, Qualifies(script));

    [Fact]
    public void RunnerTestsTheSessionStateAndIncrementsWithoutAContext()
    {
        var c = Harness.Translate(Elaboration.Program("global n; probe timer.ms(1) { n++ } probe end { println(n) }"))
            .Files[TranslatePass.SourceFileName];
        var fast = c[c.IndexOf("#if !defined(STP_TIMING) && STP_ACTIONS_BOUNDED(1)", StringComparison.Ordinal)..];
        fast = fast[..fast.IndexOf("#else", StringComparison.Ordinal)];
        Assert.Contains("if (likely(atomic_read(&stp_session_state) == state)) {", fast);
        Assert.Contains("this_cpu_inc(*stp_gc_n);", fast);
        Assert.DoesNotContain("c->", fast);
        Assert.DoesNotContain("preempt_disable", fast);
    }
}
