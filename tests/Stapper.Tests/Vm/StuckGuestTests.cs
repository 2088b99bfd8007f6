using System.Diagnostics;
using Stapper.Tests.Scripts;
using Stapper.Vm;
using Xunit.Abstractions;

namespace Stapper.Tests.Vm;

/// <summary>
/// A guest that locks up or panics ends its batch at once, naming the command (GuestConsoleWatch), instead of at the
/// batch's deadline. The lockup is real: a guru-mode begin probe busy-waits 45 s of the guest's clock without
/// yielding. Counted by the clock, not mdelay's calibrated loops, which under TCG on a loaded host can end before the
/// 20 s soft-lockup threshold (seen once in CI: no report, the batch ran into its deadline).
/// </summary>
[Trait("Category", "Kernel")]
[Collection("vm")]
public class StuckGuestTests(ITestOutputHelper output)
{
    /// <summary>A panic powers the guest off at once (panic=-1, -no-reboot); the error shows the panic, not the last 8 lines.</summary>
    [RequiresFact(Need.Vm)]
    public void APanicIsNamedInTheError()
    {
        var e = Assert.Throws<VmException>(() => new GuestRunner().RunBatch(null,
            [["/bin/true"], ["/bin/sh", "-c", "echo c > /proc/sysrq-trigger"], ["/bin/true"]],
            new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token));
        output.WriteLine(e.Message);
        // Either the guest's power-off or the console watch sees the panic first (a race on a loaded host): each
        // error names the command and the panic.
        Assert.Matches("^(the virtual machine did not report the result of command 2 |the guest kernel reported .* while command 2 of 3 ran )"
            + @"\(/bin/sh -c echo c > /proc/sysrq-trigger\)", e.Message);
        Assert.Contains("the guest kernel reported \"", e.Message);
        Assert.Contains("Kernel panic", e.Message);
        Assert.Equal(0, Assert.Single(e.Completed).ExitCode);
    }

    [RequiresFact(Need.VmModule)]
    public void ALockedUpGuestStopsTheBatchAtOnce()
    {
        var (kernel, stapper) = Stapper.Tests.Scripts.SafetyVmTests.KernelAndStapper();
        var dir = Directory.CreateTempSubdirectory("stapper-stuck-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "stp_spin.stp"), "function spin() %{ u64 end = ktime_get_ns() + 45ULL * NSEC_PER_SEC; while (ktime_get_ns() < end) cpu_relax(); %}\nprobe begin { spin(); exit() }\n");
            var psi = new ProcessStartInfo(stapper) { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in (string[])["-p4", "-g", "-r", kernel.Release, "-m", "stp_spin", "stp_spin.stp"])
            {
                psi.ArgumentList.Add(a);
            }

            using (var p = Process.Start(psi)!)
            {
                var err = p.StandardError.ReadToEndAsync();
                p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, err.Result);
            }
            var runner = new GuestRunner { FatalReportGrace = TimeSpan.FromSeconds(1) };
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<VmException>(() => runner.RunBatch(kernel.Release,
                [["/bin/true"], ["/bin/sh", "-c", $"cd {GuestRunner.ShellQuote(dir)} && {GuestRunner.ShellQuote(stapper)} --run-module=stp_spin.ko"], ["/bin/sleep", "600"]],
                new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token, cpus: 2));
            output.WriteLine($"{clock.Elapsed}: {e.Message}");
            Assert.Matches(@"^the guest kernel reported "".*(soft lockup|rcu: INFO|detected stall).*"" while command 2 of 3 ran \(/bin/sh -c ", e.Message);
            Assert.Contains("guest console:\n", e.Message);
            Assert.Equal(0, Assert.Single(e.Completed).ExitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"took {clock.Elapsed}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
