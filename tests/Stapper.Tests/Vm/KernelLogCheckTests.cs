using Stapper.Vm;

namespace Stapper.Tests.Vm;

public class KernelLogCheckTests
{
    [Theory]
    [InlineData("[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000000")]
    [InlineData("[    3.1] WARNING: CPU: 1 PID: 77 at kernel/kprobes.c:1100 __arm_kprobe_ftrace+0x9e/0xc0")]
    [InlineData("[    3.2] Oops: 0000 [#1] PREEMPT SMP NOPTI")]
    [InlineData("[    3.3] general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1]")]
    [InlineData("[    3.4] WARNING: possible recursive locking detected")]
    [InlineData("[    3.5] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [sh:80]")]
    [InlineData("[    3.6] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:")]
    [InlineData("[    3.7] list_add corruption. prev->next should be next (ffffffffc0a0b0c0)")]
    [InlineData("[    3.8] INFO: task sh:81 blocked for more than 120 seconds.")]
    public void ReportsAreFound(string line)
    {
        var log = "[    1.0] stp_abc: loading out-of-tree module taints kernel.\n" + line + "\n";
        Assert.Equal([line], KernelLogCheck.Problems(log));
        Assert.Equal("guest kernel log reported:\n" + line + "\n", KernelLogCheck.Describe(log));
    }

    [Fact]
    public void OrdinaryModuleMessagesAreNot()
    {
        var log = """
            [    1.0] stp_abc: loading out-of-tree module taints kernel.
            [    1.1] stp_abc: module verification failed: signature and/or required key missing - tainting kernel
            [    1.2] 9pnet: Installing 9P2000 support
            """;
        Assert.Empty(KernelLogCheck.Problems(log));
        Assert.Equal("", KernelLogCheck.Describe(log));
    }
}
