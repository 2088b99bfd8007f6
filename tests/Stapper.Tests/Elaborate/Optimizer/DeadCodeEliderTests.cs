namespace Stapper.Tests.Elaborate.Optimizer;

/// <summary>
/// stap's first optimizer loop run directly. Each expected warning is stap 4.8's own first line for the same
/// script (`stap -p2`), so these also pin the texts the kernel suite's .err files rely on.
/// </summary>
public class DeadCodeEliderTests
{
    [Fact]
    public void AnAssignmentToANeverReadLocalIsReducedAndThenDropped()
    {
        var input = OptimizerInput.Of("probe begin { x = 5; println(1) }");
        var elider = input.Elider();
        var elisions = elider.Run();
        Assert.Equal(
            [
                "WARNING: Eliding assignment to 'x': operator '=' at t.stp:1:17",
                "WARNING: Eliding side-effect-free expression : identifier 'x' at :1:15",
            ],
            OptimizerInput.Headlines(elider.Warnings));
        Assert.Single(elisions.Assignments);
        Assert.Single(elisions.Statements);
        Assert.Single(input.Probes[0].Body.Statements);
        Assert.Empty(elisions.Probes);
    }

    [Fact]
    public void InAFunctionTheSameHolds()
    {
        var input = OptimizerInput.Of("function f(a) { b = a * 2; return a }\nprobe begin { println(f(1)) }");
        var elider = input.Elider();
        elider.Run();
        Assert.Equal(
            [
                "WARNING: Eliding assignment to 'b': operator '=' at t.stp:1:19",
                "WARNING: Eliding side-effect-free expression : identifier 'b' at :1:17",
            ],
            OptimizerInput.Headlines(elider.Warnings));
        Assert.Single(input.Functions.Values.Single(f => f.Name == "f").Body!.Statements);
    }

    [Fact]
    public void AnEmptyProbeIsElidedAndANeverAssignedGlobalWarned()
    {
        var input = OptimizerInput.Of("global g = 1, n\nprobe begin { println(g + n) }\nprobe end { }");
        var elider = input.Elider();
        var elisions = elider.Run();
        Assert.Equal(
            [
                "WARNING: never-assigned global variable 'n' (similar: n, g): identifier 'n' at t.stp:1:15",
                "WARNING: Probe 'end' has been elided: keyword at :3:1",
            ],
            OptimizerInput.Headlines(elider.Warnings));
        Assert.True(input.Probes[1].Elided);
        Assert.False(input.Probes[0].Elided);
        Assert.Single(elisions.Probes);
    }

    [Fact]
    public void AnExpressionWithoutEffectIsDroppedAndOneWithAnEffectKept()
    {
        var input = OptimizerInput.Of("global g\nprobe begin { 3 + 4; g++; println(g) }");
        var elider = input.Elider();
        elider.Run();
        Assert.Equal(["WARNING: Eliding side-effect-free expression : number '3' at t.stp:2:15"], OptimizerInput.Headlines(elider.Warnings));
        Assert.Equal(2, input.Probes[0].Body.Statements.Length);
    }

    [Fact]
    public void UnoptimizedKeepsEverythingAndWarnsOfNothing()
    {
        var input = OptimizerInput.Of("probe begin { x = 5; 3 + 4; println(1) }\nprobe end { }");
        var elider = input.Elider(unoptimized: true);
        var elisions = elider.Run();
        Assert.Empty(elider.Warnings);
        Assert.Empty(elisions.Assignments);
        Assert.Empty(elisions.Statements);
        Assert.Empty(elisions.Probes);
        Assert.False(input.Probes[1].Elided);
    }
}
