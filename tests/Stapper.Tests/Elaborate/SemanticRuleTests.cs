namespace Stapper.Tests.Elaborate;

/// <summary>stap 4.8's pass-2 rules that reject a script (its semko suite), each with stap's exact message.</summary>
public sealed class SemanticRuleTests
{
    private static string Errors(string script) => Elaboration.Errors(script);

    [Fact]
    public void SizedArrayUsedAsAScalarHasInconsistentArity()
    {
        Assert.Equal("""
            semantic error: inconsistent arity: identifier 'a' at t.stp:1:8
                    source: global a[4]
                                   ^


            """, Errors("global a[4]\nprobe begin { println(@count(a)) }"));
    }

    [Fact]
    public void WrappingScalarIsAnError()
    {
        Assert.Equal("""
            semantic error: wrapping not supported for scalars: identifier 'w' at t.stp:1:8
                    source: global w%
                                   ^


            """, Errors("global w%\nprobe begin { w = 1 }"));
    }

    [Fact]
    public void SliceOfAnotherArityIsAnUnresolvedArray()
    {
        Assert.StartsWith(
            "semantic error: unresolved arity-3 global array __global_m, missing global declaration?: identifier 'm' at t.stp:1:56\n",
            Errors("global m\nprobe begin { m[1, 2] = 3; foreach ([a, b] in m[*, *, *]) println(a + b) }".Replace("\n", " ")));
    }

    [Fact]
    public void SortingOnAnAggregateNeedsAnAggregateArray()
    {
        Assert.StartsWith("semantic error: invalid type long: identifier 'm' at t.stp:1:48\n",
            Errors("global m probe begin { m[1] = 1; foreach (k in m @sum +) println(k) }"));
    }

    [Fact]
    public void WritingTheArrayInItsOwnForeachIsAnError()
    {
        Assert.StartsWith("semantic error: variable 'm' modified during 'foreach' iteration: identifier 'm' at t.stp:1:51\n",
            Errors("global m probe begin { m[1] = 1; foreach (k in m) m[k]++ }"));
    }

    [Fact]
    public void CallThatWritesTheArrayInItsForeachIsAnError()
    {
        // The write is two calls deep.
        Assert.StartsWith("semantic error: function call modifies var 'm' during 'foreach' iteration: identifier 'f' at t.stp:1:98\n",
            Errors("global m function g() { m[2] = 1 } function f() { g() } probe begin { m[1] = 1; foreach (k in m) f() }"));
    }

    [Fact]
    public void ReadingTheArrayInItsForeachIsAllowed()
    {
        Assert.Equal("", Errors("global m probe begin { m[1] = 1; foreach (k in m) println(m[k]) }"));
    }

    /// <summary>stap 4.8's hints (`stap -r 6.1.0-57-amd64 -p2`): the match tree holds the forms Stapper refuses too.</summary>
    [Theory]
    [InlineData("probe kernel.functoin(\"vfs_read\") { }", "probe point mismatch (similar: function, data, mark, trace, statement): identifier 'functoin' at :1:14")]
    [InlineData("probe process(\"/bin/true\").functoin(\"main\") { }", "probe point mismatch (similar: function, begin, end, insn, plt): identifier 'functoin' at :1:28")]
    [InlineData("probe kernel.mark(\"foo\") { }", "no match\n")]
    [InlineData("probe kernel.mark(\"foo\").format(\"x\") { }", "no match\n")]
    public void AMisspeltOrRetiredComponentGetsStapsWords(string script, string chained)
    {
        var errors = Errors(script);
        Assert.StartsWith("semantic error: while resolving probe point: identifier ", errors);
        Assert.Contains("\n\nsemantic error: " + chained, errors);
    }

    [Fact]
    public void TimerHzTakesNoRandomize()
    {
        Assert.Equal("""
            semantic error: while resolving probe point: identifier 'timer' at t.stp:1:7
                    source: probe timer.hz(100).randomize(5) { }
                                  ^

            semantic error: invalid suffix for probe: identifier 'randomize' at :1:21
                    source: probe timer.hz(100).randomize(5) { }
                                                ^


            """, Errors("probe timer.hz(100).randomize(5) { }"));
    }

    [Theory]
    [InlineData("timer.ms(0)", "interval value out of range (1, 86400000)")]
    [InlineData("timer.s(100000)", "interval value out of range (1, 86400)")]
    [InlineData("timer.us(99)", "interval value out of range (100, 86400000000)")]
    [InlineData("timer.ns(10)", "interval value out of range (100000, 86400000000000)")]
    [InlineData("timer.ms(10).randomize(20)", "randomization value out of range")]
    [InlineData("timer.jiffies(0)", "invalid interval for jiffies timer")]
    [InlineData("timer.jiffies(10).randomize(11)", "invalid randomize for jiffies timer")]
    [InlineData("timer.hz(0)", "frequency must be greater than 0")]
    public void TimerIntervalsAreStapsFromAHundredMicrosecondsToADay(string point, string why)
    {
        Assert.Equal($"semantic error: while resolving probe point: identifier 'timer' at t.stp:1:7\n"
            + $"        source: probe {point} {{ }}\n"
            + "                      ^\n\n"
            + $"semantic error: {why}\n\n", Errors($"probe {point} {{ }}"));
        Assert.Equal("", Errors("probe timer.us(100), timer.s(86400), timer.jiffies(1000000).randomize(1000000) { println(1) }"));
    }

    [Fact]
    public void AMismatchIsAtTheFirstComponentNoKnownPointHasThere()
    {
        Assert.Equal("semantic error: while resolving probe point: identifier 'timer' at t.stp:1:7\n"
            + "        source: probe timer.msec.s(1) { }\n"
            + "                      ^\n\n"
            + "semantic error: probe point mismatch (similar: msec, sec, nsec, usec, ms): identifier 'msec' at :1:13\n"
            + "        source: probe timer.msec.s(1) { }\n"
            + "                            ^\n\n", Errors("probe timer.msec.s(1) { }"));
    }

    [Theory]
    [InlineData("delete 1", "number '1' at t.stp:1:22")]
    [InlineData("delete \"s\"", "string 's' at t.stp:1:22")]
    public void DeleteTakesAnArrayAnElementOrAVariable(string statement, string token)
    {
        Assert.StartsWith($"semantic error: invalid operand of delete expression: {token}\n", Errors($"probe begin {{ {statement} }}"));
    }

    [Fact]
    public void ProbeConditionMustNotAssign()
    {
        Assert.StartsWith("semantic error: probe condition must not modify any variables: operator '=' at t.stp:1:28\n",
            Errors("global x probe begin if (x = 1) { println(x) }"));
    }

    [Fact]
    public void ProbeConditionReadsOnlyGlobals()
    {
        Assert.StartsWith("semantic error: probe condition must not reference undeclared global: identifier 'y' at t.stp:1:21\n",
            Errors("probe begin if (1 + y > 1) { println(1) }"));
    }

    [Fact]
    public void ProbeConditionCallsNoFunction()
    {
        Assert.StartsWith("semantic error: probe condition must not reference function: identifier 'f' at t.stp:1:44\n",
            Errors("function f(x) { return x } probe begin if (f(2)) { println(1) }"));
    }

    [Fact]
    public void ProbeConditionGuardsTheBody()
    {
        var program = Elaboration.Program("global on probe begin if (on) { println(1) } probe end { on = 1 }");
        var first = Assert.IsType<Stapper.Elaborate.BoundIf>(program.Probes[0].Body.Statements[0]);
        Assert.IsType<Stapper.Elaborate.BoundNext>(first.Then);
    }

    [Fact]
    public void NullIsTheTapsetsIntegralGlobal()
    {
        // semko/fortysix.stp: NULL is a long (a global of the tapset library), so it does not compare with a string.
        var stderr = new StringWriter();
        Assert.Equal(1, Stapper.Cli.Driver.RunCore(["-p2", "-e", "probe begin { if (\"foo\" == NULL) log(\"boo\") }"], new StringWriter(), stderr));
        Assert.StartsWith("semantic error: type mismatch: left and right sides don't agree (string vs long): operator '==' at <input>:1:25\n", stderr.ToString());
        Assert.Equal(0, Stapper.Cli.Driver.RunCore(["-p2", "-e", "probe begin { if (0 == NULL) log(\"boo\") }"], new StringWriter(), new StringWriter()));
    }
}
