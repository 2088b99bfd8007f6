namespace Stapper.Tests.Scripts;

/// <summary>The kernel suite's comparison of -t reports: cycle figures are masked only when they are consistent.</summary>
public class MeasuredTests
{
    [Theory]
    [InlineData("x, (a.stp:1:1), hits: 3, cycles: 10min/20avg/30max, variance: 7, from: x, index: 0\n",
        "x, (a.stp:1:1), hits: 3, cycles: Nmin/Navg/Nmax, variance: N, from: x, index: 0\n")]
    [InlineData("x, (a.stp:1:1), hits: 1, cycles: 5min/5avg/5max, variance: 0, from: x, index: 0\n",
        "x, (a.stp:1:1), hits: 1, cycles: Nmin/Navg/Nmax, variance: N, from: x, index: 0\n")]
    // Inconsistent figures stay, so the comparison with stap's masked report fails.
    [InlineData("x, hits: 3, cycles: 40min/20avg/30max, variance: 7\n", "x, hits: 3, cycles: 40min/20avg/30max, variance: 7\n")]
    [InlineData("x, hits: 1, cycles: 5min/5avg/6max, variance: 0\n", "x, hits: 1, cycles: 5min/5avg/6max, variance: 0\n")]
    [InlineData("x, hits: 1, cycles: 5min/5avg/5max, variance: 2\n", "x, hits: 1, cycles: 5min/5avg/5max, variance: 2\n")]
    public void CycleFiguresAreMaskedWhenConsistent(string report, string expected) =>
        Assert.Equal(expected, KernelScriptTests.Measured(report));
}

/// <summary>NAME.mask: a kernel build's addresses and sizes are masked; the frames around them are still compared.</summary>
public class ScriptMaskTests
{
    [Fact]
    public void MasksTheBuildsAddressesButNotTheFrames()
    {
        var script = ScriptCase.All().Single(c => c.Name == "tapset/print_backtrace_vfs_read.stp");
        Assert.Equal(" MASKED : vfs_readMASKED [kernel]\n", script.Masked(" 0xffffffff813669e0 : vfs_read+0x4/0x2e0 [kernel]\n"));
        Assert.NotEqual(script.Masked(" 0xffffffff813669e0 : vfs_read+0x0/0x310 [kernel]\n"),
            script.Masked(" 0xffffffff813669e0 : vfs_write+0x0/0x310 [kernel]\n"));
    }
}
