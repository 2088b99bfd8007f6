using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

/// <summary>A probe's (or an alias's) list of probe points: <c>?</c> drops what does not resolve, <c>!</c> ends the list once it resolves.</summary>
public class ProbeListTests
{
    private static IEnumerable<string> Symbols(string script, params string[] functions)
    {
        var result = Elaboration.Run(script, new FakeKernel(functions));
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        return result.Program!.Probes.SelectMany(p => p.Sites).OfType<KernelFunctionSite>().Select(s => s.Symbol);
    }

    [Fact]
    public void ASufficientPointThatResolvesEndsTheList()
    {
        Assert.Equal(["a"], Symbols("probe kprobe.function(\"a\") !, kprobe.function(\"b\") { println(1) }", "a", "b"));
    }

    [Fact]
    public void ASufficientPointThatDoesNotResolveFallsThrough()
    {
        Assert.Equal(["b"], Symbols("probe kprobe.function(\"a\") !, kprobe.function(\"b\") { println(1) }", "b"));
    }

    [Fact]
    public void InAnAliasTheSufficientPointChoosesPerKernel()
    {
        const string Script = """
            probe tick = kprobe.function("sched_tick") !, kprobe.function("scheduler_tick") { }
            probe tick { println(1) }
            """;
        Assert.Equal(["sched_tick"], Symbols(Script, "sched_tick", "scheduler_tick"));
        Assert.Equal(["scheduler_tick"], Symbols(Script, "scheduler_tick"));
    }

    [Fact]
    public void AnOptionalPointKeepsTheRestOfTheList()
    {
        Assert.Equal(["a", "b"], Symbols("probe kprobe.function(\"a\") ?, kprobe.function(\"b\") { println(1) }", "a", "b"));
    }
}
