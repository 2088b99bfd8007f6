using Stapper.Elaborate.Optimize;

namespace Stapper.Tests.Elaborate.Optimizer;

/// <summary>stap's varuse on real bound trees: what a probe reads and writes, through the functions it calls.</summary>
public class VariableUseTests
{
    private static (VariableUse Use, object Owner, OptimizerInput Input) Walk(string script, bool guru = false)
    {
        var input = OptimizerInput.Of(script, guru);
        var use = new VariableUse(input.Callee);
        var probe = input.Probes[0];
        use.Statement(probe.Body, probe);
        return (use, probe, input);
    }

    [Fact]
    public void ReadsWritesAndIncrementsAreTold()
    {
        var (use, probe, _) = Walk("global g = 7, h\nprobe begin { x = g; h = 1; h++; y = x }");
        Assert.Equal(
            [VariableKey.Global("g"), VariableKey.Global("h"), new VariableKey(probe, "x")],
            use.Read.OrderBy(k => k.Name));
        Assert.Equal(
            [VariableKey.Global("h"), new VariableKey(probe, "x"), new VariableKey(probe, "y")],
            use.Written.OrderBy(k => k.Name));
        Assert.False(use.EmbeddedSeen);
        Assert.False(use.SideEffectFree);
    }

    [Fact]
    public void PrintingIsAnEffectAndSprintIsNot()
    {
        Assert.True(Walk("probe begin { println(1) }").Use.EmbeddedSeen);
        var (sprint, _, _) = Walk("probe begin { s = sprintf(\"%d\", 1) }");
        Assert.False(sprint.EmbeddedSeen);
    }

    [Fact]
    public void AGlobalWrittenInACalleeIsAWriteOfTheCaller()
    {
        var (use, _, input) = Walk("global g\nfunction f() { g = 2 }\nprobe begin { f(); f(); println(g) }");
        Assert.Contains(VariableKey.Global("g"), use.Written);
        // The callee is entered once, however often it is called.
        Assert.Equal([input.Functions.Values.Single(f => f.Name == "f")], use.Reached);
    }

    [Fact]
    public void PureEmbeddedCodeIsNoEffectAndOtherEmbeddedCodeIs()
    {
        const string Functions = "function p:long() %{ /* pure */ STAP_RETURN(1); %}\nfunction e:long() %{ STAP_RETURN(2); %}\n";
        var (pure, _, _) = Walk(Functions + "probe begin { x = p() }", guru: true);
        Assert.False(pure.EmbeddedSeen);
        var (other, _, _) = Walk(Functions + "probe begin { x = e() }", guru: true);
        Assert.True(other.EmbeddedSeen);
    }

    [Fact]
    public void SideEffectFreeForIgnoresWritesOutsideTheFocalSet()
    {
        var (use, probe, _) = Walk("global g = 7\nprobe begin { x = 1; y = g }");
        Assert.True(use.SideEffectFreeFor(new FocalVariables(new HashSet<VariableKey>(), new HashSet<VariableKey> { VariableKey.Global("g") })));
        Assert.False(use.SideEffectFreeFor(new FocalVariables(new HashSet<VariableKey> { new(probe, "x") }, new HashSet<VariableKey>())));
        // A local of another owner with the same name is not the probe's.
        Assert.True(use.SideEffectFreeFor(new FocalVariables(new HashSet<VariableKey> { new(new object(), "x") }, new HashSet<VariableKey>())));
    }
}
