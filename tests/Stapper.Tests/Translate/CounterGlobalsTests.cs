using Stapper.Tests.Elaborate;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>Which globals become per-CPU counters: scalar longs only ever added to as statements, and read.</summary>
public class CounterGlobalsTests
{
    private static string Counters(string script) =>
        string.Join(" ", CounterGlobals.Find(Elaboration.Program(script)).Select(g => g.Name).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("global n; probe timer.ms(1) { n++ } probe end { println(n) }", "n")]
    [InlineData("global n = 5; probe timer.ms(1) { n--; n += 2; n -= 1 } probe end { println(n) }", "n")]
    [InlineData("global n; function f() { ++n } probe timer.ms(1) { f() }", "n")]
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

/// <summary>The C of a counter global: hits add to this CPU's copy, reads fold the copies onto the base, no lock.</summary>
public class CounterGlobalCodeTests
{
    [Fact]
    public void HitsAddToThisCpusCopyAndReadsFoldTheCopiesOntoTheBase()
    {
        var program = Elaboration.Program("global n = 7; probe timer.ms(1) { n++; n -= 2 } probe end { println(n) }");
        var c = Harness.Translate(program).Files[TranslatePass.SourceFileName];
        Assert.Contains("stp_g_n = ((int64_t)7LL);", c);
        Assert.Contains("stp_gc_n = alloc_percpu(u64);", c);
        Assert.Contains("free_percpu(stp_gc_n);", c);
        Assert.Contains("this_cpu_inc(*stp_gc_n);", c);
        Assert.Contains("this_cpu_sub(*stp_gc_n, (u64)", c);
        Assert.Contains("u64 sum = (u64)stp_g_n;", c);
        Assert.Contains("for_each_possible_cpu(cpu) sum += *per_cpu_ptr(stp_gc_n, cpu);", c);
        Assert.Contains("_a1 = stp_gcr_n();", c);
        Assert.DoesNotContain("&stp_gl_n)", c);
    }
}
