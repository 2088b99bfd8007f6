using Stapper.Vm;

namespace Stapper.Tests.Vm;

public class GuestConsoleWatchTests
{
    // Shaped like the console of the CI run that locked up after tapset/syscalls/close (the watchdog line is its own).
    const string LockedUp = """
        [   41.101] stp_close: loading out-of-tree module taints kernel.
        [   71.532] watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [dd:261]
        [   71.533] Modules linked in: stp_close(OE) 9p netfs virtio_console
        [   71.534] CPU: 0 PID: 261 Comm: dd Tainted: G           OE      6.1.0-57-amd64 #1  Debian 6.1.158-1
        [   92.610] rcu: INFO: rcu_preempt self-detected stall on CPU
        """;

    [Theory]
    [InlineData("[   71.532] watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [dd:261]")]
    [InlineData("[   80.000] rcu: INFO: rcu_sched self-detected stall on CPU")]
    [InlineData("[   80.000] INFO: rcu_sched self-detected stall on CPU")]
    [InlineData("[   80.000] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:")]
    [InlineData("[   80.100] Kernel panic - not syncing: Fatal exception")]
    [InlineData("[   80.200] watchdog: Watchdog detected hard LOCKUP on cpu 1")]
    public void StuckOrDeadGuestsAreFound(string line)
    {
        var console = "[    1.0] stp_abc: loading out-of-tree module taints kernel.\n" + line + "\n[   81.0] Call Trace:\n";
        Assert.Equal(line, GuestConsoleWatch.FatalLine(console));
    }

    [Fact]
    public void TheFirmwaresUnfinishedLineIsLeftOff()
    {
        Assert.Equal("[   24.138688] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
            GuestConsoleWatch.FatalLine("Booting from ROM..[   24.138688] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"));
    }

    [Theory]
    [InlineData("[    3.1] WARNING: CPU: 1 PID: 77 at kernel/kprobes.c:1100 __arm_kprobe_ftrace+0x9e/0xc0")]
    [InlineData("[    3.2] BUG: kernel NULL pointer dereference, address: 0000000000000000")]
    [InlineData("[    3.3] stp_abc: module verification failed: signature and/or required key missing - tainting kernel")]
    [InlineData("[    3.4] rcu: Hierarchical SRCU implementation.")]
    public void SurvivableReportsAndNoiseDoNotStopTheBatch(string line)
    {
        Assert.Null(GuestConsoleWatch.FatalLine(line + "\n"));
    }

    [Fact]
    public void PollReadsOnlyWhatWasAddedAndJudgesWholeLines()
    {
        var path = Path.Combine(Path.GetTempPath(), "stapper-console-" + Guid.NewGuid().ToString("N") + ".log");
        try
        {
            var watch = new GuestConsoleWatch(path);
            Assert.Null(watch.Poll()); // no console yet

            File.WriteAllText(path, "[    1.0] Run /init as init process\n[   71.532] watchdog: BUG: soft lo");
            Assert.Null(watch.Poll()); // the fatal line is not complete yet

            File.AppendAllText(path, "ckup - CPU#0 stuck for 27s! [dd:261]\n[   71.533] Modules linked in: stp_close(OE)\n");
            Assert.Equal("[   71.532] watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [dd:261]", watch.Poll());

            Assert.Null(watch.Poll()); // nothing new
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TailStartsAtTheFatalLine()
    {
        var tail = GuestConsoleWatch.Tail(LockedUp, count: 3);
        Assert.Equal("""
            [   71.532] watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [dd:261]
            [   71.533] Modules linked in: stp_close(OE) 9p netfs virtio_console
            [   71.534] CPU: 0 PID: 261 Comm: dd Tainted: G           OE      6.1.0-57-amd64 #1  Debian 6.1.158-1
            """, tail);
    }

    [Fact]
    public void TailOfAQuietConsoleIsItsEnd()
    {
        Assert.Equal("c\nd", GuestConsoleWatch.Tail("a\nb\nc\nd\n", count: 2));
    }
}
