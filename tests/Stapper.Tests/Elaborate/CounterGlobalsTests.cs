namespace Stapper.Tests.Elaborate;

/// <summary>Which globals become per-CPU counters: scalar longs only ever added to as statements, and read.</summary>
public class CounterGlobalsTests
{
    private static string Counters(string script) =>
        string.Join(" ", Elaboration.Program(script).Counters.Select(g => g.Name).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("global n; probe timer.ms(1) { n++ } probe end { println(n) }", "n")]
    [InlineData("global n = 5; probe timer.ms(1) { n--; n += 2; n -= 1 } probe end { println(n) }", "n")]
    [InlineData("global n; function f() { ++n } probe timer.ms(1) { f() }", "n")]
    // Added to by an expression that reads another counter, and read in any probe.
    [InlineData("global n, m; probe timer.ms(1) { n += m * 2; m++ } probe timer.s(1) { printf(\"%d\\n\", n + m) }", "m n")]
    // Its value used, assigned, deleted, multiplied: an ordinary global.
    [InlineData("global n; probe timer.ms(1) { println(n++) }", "")]
    [InlineData("global n; probe timer.ms(1) { n++ } probe begin { n = 10 }", "")]
    [InlineData("global n; probe timer.ms(1) { n++ } probe timer.s(1) { delete n }", "")]
    [InlineData("global n; probe timer.ms(1) { n++; n *= 2 } probe end { println(n) }", "")]
    [InlineData("global n; probe timer.ms(1) { println(n += 1) } probe end { println(n) }", "")]
    // Not a scalar long.
    [InlineData("global a; probe timer.ms(1) { a[1]++ } probe end { println(a[1]) }", "")]
    [InlineData("global s; probe timer.ms(1) { s .= \"x\" } probe end { println(s) }", "")]
    public void OnlyScalarLongsOnlyAddedTo(string script, string expected) => Assert.Equal(expected, Counters(script));
}
