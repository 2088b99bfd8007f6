using Stapper.Tests.Elaborate;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>A probe body's bound on MAXACTION charges: its statements when it has no loop and no call.</summary>
public class ActionBudgetTests
{
    private static string Bound(string script) =>
        ActionBudget.Bound(Elaboration.Program(script).Probes[0].Body)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "open";

    [Theory]
    [InlineData("global n; probe timer.ms(1) { n++ }", "1")]
    [InlineData("global n; probe timer.ms(1) { if (n > 2) { n++; n += 3 } else n-- }", "4")]
    [InlineData("global n; probe timer.ms(1) { try { n++ } catch { n-- } }", "3")]
    [InlineData("probe timer.ms(1) { printf(\"%d\\n\", 1); next }", "2")]
    // A loop or a call (at any depth of an expression) leaves it open.
    [InlineData("global n; probe timer.ms(1) { while (n < 3) n++ }", "open")]
    [InlineData("global n; probe timer.ms(1) { for (i = 0; i < 3; i++) n++ }", "open")]
    [InlineData("global a, b; probe timer.ms(1) { a[1] = 1; foreach (k in a) b[k]++ }", "open")]
    [InlineData("global n; function f() { n++ } probe timer.ms(1) { f() }", "open")]
    [InlineData("global n; function one() { return 1 } probe timer.ms(1) { n += one() }", "open")]
    public void StatementsWithoutLoopsOrCalls(string script, string expected) => Assert.Equal(expected, Bound(script));
}

/// <summary>The C of a bounded probe: its charges fold away when the bound fits MAXACTION, and so does the reset.</summary>
public class ActionBudgetCodeTests
{
    [Fact]
    public void BoundedProbeChargesOnlyWhenItsBoundExceedsMaxaction()
    {
        var c = Harness.Translate(Elaboration.Program("global n; probe timer.ms(1) { n++; n += 2 } probe end { println(n) }"))
            .Files[TranslatePass.SourceFileName];
        Assert.Contains("if (unlikely(!STP_ACTIONS_BOUNDED(2) && --c->actionremaining < 0))", c);
        Assert.Contains("c = stp_enter(state, pp, 2);", c);
    }

    [Fact]
    public void LoopingProbeChargesEveryStatement()
    {
        var c = Harness.Translate(Elaboration.Program("global n; probe timer.ms(1) { while (n < 3) n++ }"))
            .Files[TranslatePass.SourceFileName];
        Assert.Contains("if (unlikely(--c->actionremaining < 0))", c);
        Assert.DoesNotContain("STP_ACTIONS_BOUNDED(", c);
        Assert.Contains("c = stp_enter(state, pp, -1);", c);
    }
}
