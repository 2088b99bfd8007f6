using Stapper.Vm;
using Xunit.Abstractions;

namespace Stapper.Tests.Vm;

/// <summary>Real boots of an installed kernel under QEMU (no mocks). Skipped, saying why, when no kernel or QEMU is installed.</summary>
[Collection("vm")]
public class GuestRunnerTests(ITestOutputHelper output)
{
    [RequiresFact(Need.Vm)]
    public void SingleCommandStreamsOutputAndReturnsStatus()
    {
        var runner = new GuestRunner();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var status = runner.Run(
            new GuestRequest("", ["/bin/sh", "-c", "echo hi; echo oops >&2; exit 3"]),
            stdout, stderr, cts.Token);
        output.WriteLine($"timings: {runner.LastTimings}");
        Assert.Equal("oops\n", System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
        Assert.Equal("hi\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal(3, status);
    }

    /// <summary>--vm-cpus, --vm-mem and --vm-kernel-args reach the guest; Ready is called before the command runs.</summary>
    [RequiresFact(Need.Vm)]
    public void TheGuestsMachineIsTheOneAskedFor()
    {
        var readyCalls = 0;
        var runner = new GuestRunner { Ready = () => readyCalls++ };
        var stdout = new MemoryStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var status = runner.Run(
            new GuestRequest("", ["/bin/sh", "-c", "nproc; cat /proc/cmdline; sed -n 's/^MemTotal: *\\([0-9]*\\) kB/\\1/p' /proc/meminfo"], Cpus: 1, MemoryMegabytes: 512)
            { KernelArguments = "mitigations=off" },
            stdout, new MemoryStream(), cts.Token);
        var lines = System.Text.Encoding.UTF8.GetString(stdout.ToArray()).Split('\n');
        Assert.Equal(0, status);
        Assert.Equal("1", lines[0]);
        Assert.EndsWith(" rdinit=/init mitigations=off", lines[1]);
        Assert.InRange(int.Parse(lines[2], System.Globalization.CultureInfo.InvariantCulture), 400_000, 524_288);
        Assert.Equal(1, readyCalls);
    }

    [RequiresFact(Need.Vm)]
    public void BatchRunsEachCommandInOneBoot()
    {
        var runner = new GuestRunner();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // Host files under /tmp stay visible in the guest (overlay), e.g. modules built in a temporary directory.
        var hostTemp = Path.Combine(Path.GetTempPath(), "stapper-vm-test-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(hostTemp, "from-host\n");
        var batch = runner.RunBatch(null,
        [
            ["/bin/sh", "-c", "echo one; exit 0"],
            ["/bin/sh", "-c", "printf 'it'\\''s two' >&2; exit 2"],
            ["/bin/sh", "-c", "cat /proc/sys/kernel/hostname; [ -w /tmp ] && touch /tmp/x && echo tmp-writable; cat " + hostTemp],
        ], cts.Token);
        File.Delete(hostTemp);
        output.WriteLine($"timings: {batch.Timings}");
        Assert.Equal(3, batch.Results.Count);
        Assert.Equal(("one\n", "", 0), (batch.Results[0].StdoutText, batch.Results[0].StderrText, batch.Results[0].ExitCode));
        Assert.Equal(("", "it's two", 2), (batch.Results[1].StdoutText, batch.Results[1].StderrText, batch.Results[1].ExitCode));
        Assert.Equal("stapper-vm\ntmp-writable\nfrom-host\n", batch.Results[2].StdoutText);
        Assert.Equal(0, batch.Results[2].ExitCode);
    }

    /// <summary>A batch past its caller's deadline stops, and what the guest printed is there to say where it stuck.</summary>
    [RequiresFact(Need.Vm)]
    public void BatchPastItsDeadlineStopsWithTheConsoleLog()
    {
        var runner = new GuestRunner();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.ThrowsAny<OperationCanceledException>(() => runner.RunBatch(null, [["/bin/sh", "-c", "sleep 600"]], cts.Token));
        // The kernel boots quiet; the firmware's banner at least is there (before, the log was left empty).
        Assert.NotEqual("", runner.LastConsoleLog.Trim());
    }

    [Fact]
    public void UnknownKernelIsAnErrorLine()
    {
        var stderr = new MemoryStream();
        var status = new GuestRunner().Run(new GuestRequest("0.0.0-nonexistent", ["/bin/true"]), new MemoryStream(), stderr, CancellationToken.None);
        Assert.Equal(1, status);
        Assert.StartsWith("ERROR: kernel 0.0.0-nonexistent is not installed", System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }
}
