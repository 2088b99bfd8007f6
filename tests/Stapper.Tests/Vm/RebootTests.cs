using Stapper.Vm;

namespace Stapper.Tests.Vm;

/// <summary>A guest that dies before reaching the job is booted once more; other failures are not retried.</summary>
public class RebootTests
{
    [Fact]
    public void GuestThatNeverStartedIsBootedOnceMore()
    {
        var boots = 0;
        var result = GuestRunner.WithOneReboot(() => ++boots == 1 ? throw new VmException("died", guestNeverStarted: true) : 7);
        Assert.Equal(7, result);
        Assert.Equal(2, boots);
    }

    [Fact]
    public void SecondEarlyDeathIsReported()
    {
        var boots = 0;
        var e = Assert.Throws<VmException>(() => GuestRunner.WithOneReboot<int>(() => { boots++; throw new VmException("died " + boots, guestNeverStarted: true); }));
        Assert.Equal("died 2", e.Message);
    }

    [Fact]
    public void FailureAfterTheJobStartedIsNotRetried()
    {
        var boots = 0;
        Assert.Throws<VmException>(() => GuestRunner.WithOneReboot<int>(() => { boots++; throw new VmException("no status"); }));
        Assert.Equal(1, boots);
    }
}
