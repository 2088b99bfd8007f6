using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

/// <summary>The kernel's symbols are opened when something asks: a provider, a target variable or @cast.</summary>
public class KernelOnDemandTests
{
    private sealed class Opened
    {
        public int Count { get; private set; }

        public Lazy<IKernelSymbols?> Kernel => new(() =>
        {
            Count++;
            return new FakeKernel("vfs_read");
        });
    }

    private static int Opens(string script)
    {
        var opened = new Opened();
        var context = new Stapper.Parse.PreprocessorContext("6.1.0-test-amd64", "x86_64", false, [], _ => null);
        var parse = new Stapper.Parse.ParsePass().Run(new Stapper.Parse.ParseInput(new Stapper.Diagnostics.SourceFile("t.stp", script), [], context));
        new ElaboratePass().Run(parse, new ElaborateOptions(false, [], opened.Kernel));
        return opened.Count;
    }

    [Theory]
    [InlineData("probe begin { println(1) } probe end, error { println(2) } probe never { println(3) }")]
    [InlineData("probe timer.ms(10), timer.jiffies(1), timer.profile { println(1) }")]
    [InlineData("probe begin { println($x) }")]
    public void BeginEndAndTimerProbesNeverOpenIt(string script)
    {
        Assert.Equal(0, Opens(script));
    }

    [Theory]
    [InlineData("probe kernel.function(\"vfs_read\") { println(1) }")]
    [InlineData("probe kprobe.function(\"vfs_*\").return { println(1) }")]
    [InlineData("probe begin { println(@cast(0, \"task_struct\")->pid) }")]
    public void KernelFunctionsAndCastOpenItOnce(string script)
    {
        Assert.Equal(1, Opens(script));
    }
}
