using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

/// <summary>kernel.function("f") where the compiler emitted f only as a clone (f.isra.N, f.constprop.N), which BTF
/// does not list: probed under the clone's symbol, named as the plain function.</summary>
public sealed class FunctionCloneTests
{
    private static readonly FakeKernel Kernel = new("vfs_read")
    {
        Clones = new() { ["finish_task_switch"] = ["finish_task_switch.isra.0"] },
    };

    private static KernelFunctionSite Site(string script)
    {
        var result = Elaboration.Run(script, Kernel);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        return Assert.IsType<KernelFunctionSite>(Assert.Single(result.Program!.Probes.SelectMany(p => p.Sites)));
    }

    [Fact]
    public void ACloneIsProbedUnderItsSymbolAndNamedAsTheFunction()
    {
        var site = Site("probe kernel.function(\"finish_task_switch\").return { println(1) }");
        Assert.Equal("finish_task_switch.isra.0", site.Symbol);
        Assert.Equal("kernel.function(\"finish_task_switch\").return", site.Name);
        Assert.True(site.Return);
    }

    [Fact]
    public void AFunctionWithNeitherBtfNorACloneIsNoMatch()
    {
        var errors = string.Concat(Elaboration.Run("probe kernel.function(\"no_such_function\") { }", Kernel).Diagnostics
            .Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        Assert.StartsWith("semantic error: while resolving probe point: identifier 'kernel'", errors);
        Assert.Contains("\nsemantic error: no match", errors);
    }

    [Fact]
    public void WildcardsMatchBtfNamesOnly()
    {
        Assert.Equal("vfs_read", Site("probe kernel.function(\"*_read\") { println(2) }").Symbol);
    }
}
