using System.Diagnostics;
using Stapper.Tests.Run;
using Stapper.Vm;
using Xunit.Abstractions;

namespace Stapper.Tests.Vm;

/// <summary>
/// Timing figures (`make bench-vm`, Category=Measure, which `make test` leaves out): boot-to-command, /bin/true and
/// stapper startup under the VM. The figures are printed; what is asserted is that every command ran.
/// </summary>
[Collection("vm")]
[Trait("Category", "Measure")]
public class VmMeasurements(ITestOutputHelper output)
{
    [RequiresFact(Need.VmModule)]
    public void Measure()
    {
        var sw = Stopwatch.StartNew();
        var runner = new GuestRunner();
        var status = runner.Run(new GuestRequest("", ["/bin/true"]), Stream.Null, Stream.Null, CancellationToken.None);
        output.WriteLine($"single /bin/true: status {status}, host wall {sw.Elapsed.TotalSeconds:F2}s, {runner.LastTimings}");
        Assert.Equal(0, status);

        sw.Restart();
        var batch = runner.RunBatch(null, [["/bin/true"]], CancellationToken.None);
        output.WriteLine($"batch /bin/true: host wall {sw.Elapsed.TotalSeconds:F2}s, {batch.Timings}");
        Assert.Equal(0, Assert.Single(batch.Results).ExitCode);

        const string T = "cut -d' ' -f1 /proc/uptime";
        var stapper = Path.Combine(AppContext.BaseDirectory, "stapper");
        string[] runModule = [.. TransportFixture.StapperRunModule("--run-module=/nonexistent/x.ko").Select(GuestRunner.ShellQuote)];
        sw.Restart();
        batch = runner.RunBatch(null,
        [
            ["/bin/sh", "-c", $"{T}; /bin/true; {T}"],
            ["/bin/sh", "-c", $"{T}; {GuestRunner.ShellQuote(stapper)} >/dev/null 2>&1; {T}; {GuestRunner.ShellQuote(stapper)} >/dev/null 2>&1; {T}"],
            ["/bin/sh", "-c", $"{T}; {string.Join(' ', runModule)} >/dev/null 2>&1; {T}"],
            ["/bin/sh", "-c", $"{T}; dotnet --version >/dev/null 2>&1; {T}"],
        ], CancellationToken.None);
        output.WriteLine($"batch wall {sw.Elapsed.TotalSeconds:F2}s, {batch.Timings}");
        foreach (var (name, r) in new[] { "true", "stapper x2 (cold, warm)", "stapper --run-module (missing file)", "dotnet --version" }.Zip(batch.Results))
        {
            output.WriteLine($"{name}: uptimes {r.StdoutText.Replace('\n', ' ')} rc={r.ExitCode} {r.StderrText}");
            // Each line is an uptime the guest printed around the command: present and not going backwards.
            var uptimes = r.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(uptimes.Count >= 2, $"{name}: {r.StdoutText}");
            Assert.Equal(uptimes.Order(), uptimes);
        }

        // Optional: compare published builds (STAPPER_VM_MEASURE_BUILDS=dir1:dir2, e.g. a ReadyToRun publish) running a real module.
        if (Environment.GetEnvironmentVariable("STAPPER_VM_MEASURE_BUILDS") is not { } builds)
        {
            return;
        }

        var fixture = new TransportFixture();

        var names = new List<string>();
        var commands = new List<IReadOnlyList<string>>();
        foreach (var dir in new[] { AppContext.BaseDirectory }.Concat(builds.Split(':')))
        {
            var exe = GuestRunner.ShellQuote(Path.Combine(dir, "stapper"));
            var hook = "STAPPER_TEST_ENTRY=run-module DOTNET_STARTUP_HOOKS=" + GuestRunner.ShellQuote(typeof(TransportFixture).Assembly.Location);
            names.Add(dir);
            commands.Add(["/bin/sh", "-c", $"{T}; {exe} >/dev/null 2>&1; {T}; env {hook} {exe} --run-module={fixture.Module("stptest_exit")}; {T}; env {hook} {exe} --run-module={fixture.Module("stptest_exit")}; {T}"]);
        }
        batch = runner.RunBatch(null, commands, CancellationToken.None);
        foreach (var (name, r) in names.Zip(batch.Results))
        {
            output.WriteLine($"{name}: noargs / run-module x2: {r.StdoutText.Replace('\n', ' ')} rc={r.ExitCode} {r.StderrText}");
        }
    }
}
