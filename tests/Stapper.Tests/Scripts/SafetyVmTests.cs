using System.Diagnostics;
using Stapper.Vm;
using Xunit.Abstractions;

namespace Stapper.Tests.Scripts;

/// <summary>
/// Safety cases around pass 5 that a .stp case cannot express, because they need a command before the run or look at
/// the guest after stapper is gone (tests/scripts/safety/README.md): a probed module unloaded during the run, kill -9
/// of stapper, and modules that cannot load for want of memory. One boot; modules built by out/stapper (make build).
/// </summary>
[Trait("Category", "Kernel")]
[Collection("vm")]
public class SafetyVmTests(ITestOutputHelper output)
{
    const string Vanish = """
        global calls
        probe module("dummy").function("dummy_get_stats64") { if (!calls++) printf("stats\n") }
        probe end { printf("end\n") }
        """;

    const string Busy = """
        global n
        probe kprobe.function("ksys_read") { n++ }
        probe end { printf("end %d\n", n > 0) }
        """;

    const string OneMap = """
        global big
        probe begin { big[1] = 1; printf("%d\n", big[1]); exit() }
        """;

    // Probes in a module not loaded at the start: attached as it loads, detached as it goes, attached again.
    const string Arriving = """
        global seen, n, r
        probe module("dummy").function("dummy_get_stats64") {
          n++
          if (!seen[kernel_string($dev->name)]++) printf("%s\n", kernel_string($dev->name))
        }
        probe module("dummy").function("dummy_get_stats64").return { r++ }
        probe end { printf("end %d\n", n > 0 && n == r) }
        """;

    // The guest runs out of memory while the script runs: the OOM killer's choice is seen, the run goes on and ends.
    const string OutOfMemory = """
        global victims
        probe kernel.function("oom_kill_process") {
          if (!victims++) printf("victim %s\n", kernel_string($oc->chosen->comm))
        }
        probe end { printf("end %d\n", victims > 0) }
        """;

    // 20,000 lines of 200 bytes (4 MB) in one begin probe, into a 1 MB buffer: far faster than the reader drains it.
    const string Flood = """
        probe begin { for (i = 0; i < 20000; i++) printf("%06d %0192d\n", i, 0); exit() }
        """;

    [RequiresFact(Need.VmModule)]
    public void ModulesGoAwayCleanly()
    {
        var (kernel, stapper) = KernelAndStapper();
        var dir = Directory.CreateTempSubdirectory("stapper-safety-").FullName;
        try
        {
            Build(stapper, kernel.Release, dir, "stp_vanish", Vanish);
            Build(stapper, kernel.Release, dir, "stp_kill9", Busy);
            Build(stapper, kernel.Release, dir, "stp_bigmap", OneMap, "-D", "MAXMAPENTRIES=200000000");
            Build(stapper, kernel.Release, dir, "stp_bigbuf", OneMap);
            Build(stapper, kernel.Release, dir, "stp_flood", Flood, "-D", "MAXACTION=1000000");
            Build(stapper, kernel.Release, dir, "stp_arriving", Arriving);
            Build(stapper, kernel.Release, dir, "stp_oom", OutOfMemory);
            string Job(string line) => $"cd {GuestRunner.ShellQuote(dir)} && S={GuestRunner.ShellQuote(stapper)} && {line}";
            List<IReadOnlyList<string>> commands =
            [
                // A probe on a function of the dummy driver (one both 6.1 and 6.12 have); the -c command reads the
                // device's statistics, which calls it, then unloads the driver under the probe.
                ["/bin/sh", "-c", Job("modprobe dummy && ip link add stpdummy0 type dummy && $S --run-module=stp_vanish.ko -c 'ip -s link show stpdummy0 >/dev/null && rmmod dummy'; "
                    + "echo rc=$?; grep -c '^dummy ' /proc/modules; grep -c '^stp_vanish ' /proc/modules")],
                // stapper killed with SIGKILL: the module notices its control file closed and removes itself. The -c
                // command is split as staprun splits it (wordexp): $PPID is the shell's, so a shell runs the kill.
                ["/bin/sh", "-c", Job("$S --run-module=stp_kill9.ko -c 'sh -c \"kill -9 \\$PPID\"'; echo rc=$?; i=0; "
                    + "while [ $i -lt 50 ] && grep -q '^stp_kill9 ' /proc/modules; do sleep 0.1; i=$((i+1)); done; grep -c '^stp_kill9 ' /proc/modules")],
                // 200 million map entries (about 11 GB) in a 1 GB guest, and a 4095 MB output buffer: the load fails.
                ["/bin/sh", "-c", Job("$S --run-module=stp_bigmap.ko; echo rc=$?; grep -c '^stp_bigmap ' /proc/modules")],
                ["/bin/sh", "-c", Job("$S -s 4095 --run-module=stp_bigbuf.ko; echo rc=$?; grep -c '^stp_bigbuf ' /proc/modules")],
                // A full output buffer: whole lines are dropped and counted, stap's warning says how often, no hang.
                ["/bin/sh", "-c", Job("$S -s 1 --run-module=stp_flood.ko")],
                // dummy is not loaded (the first job removed it): loaded, used, removed, loaded again and used.
                ["/bin/sh", "-c", Job("grep -c '^dummy ' /proc/modules; $S --run-module=stp_arriving.ko -c \"sh -c 'modprobe dummy && ip link add d0 type dummy && ip -s link show d0 >/dev/null; "
                    + "rmmod dummy; modprobe dummy && ip link add d1 type dummy && ip -s link show d1 >/dev/null; rmmod dummy'\"; echo rc=$?; grep -c '^stp_arriving ' /proc/modules")],
                // tail /dev/zero keeps one ever longer line: it grows until the OOM killer takes it.
                ["/bin/sh", "-c", Job("$S --run-module=stp_oom.ko -c \"sh -c 'tail /dev/zero; echo tail ended'\"; echo rc=$?; grep -c '^stp_oom ' /proc/modules")],
            ];
            var batch = new GuestRunner().RunBatch(kernel.Release, commands, new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token, cpus: VmRun.GuestCpus());
            var r = batch.Results;
            for (int i = 0; i < r.Count; i++)
            {
                output.WriteLine($"[{i}] rc={r[i].ExitCode}\nstdout: {r[i].StdoutText}\nstderr: {r[i].StderrText}\nkernel: {r[i].KernelLog}");
            }

            Assert.Equal(("stats\nend\nrc=0\n0\n0\n", ""), (r[0].StdoutText, r[0].StderrText));
            Assert.Equal("rc=137\n0\n", r[1].StdoutText);
            const string Failed = "WARNING: /usr/bin/staprun exited with status: 1\nPass 5: run failed.  [man error::pass5]\n";
            Assert.Equal(("rc=1\n0\n", "ERROR: cannot insert module stp_bigmap.ko: Cannot allocate memory\n" + Failed), (r[2].StdoutText, r[2].StderrText));
            Assert.Equal(("rc=1\n0\n", "ERROR: cannot insert module stp_bigbuf.ko: Cannot allocate memory\n" + Failed), (r[3].StdoutText, r[3].StderrText));
            var lines = r[4].StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, l => Assert.Matches(@"^\d{6} 0{192}$", l));
            var numbers = lines.Select(l => int.Parse(l[..6], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(numbers.Order(), numbers);
            Assert.InRange(numbers.Count, 1, 19999);
            Assert.Equal(0, r[4].ExitCode);
            var warning = Assert.Single(r[4].StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            // One failure per dropped write (a probe's output leaves in writes of a few KB), so fewer than the lines lost.
            var match = System.Text.RegularExpressions.Regex.Match(warning, @"^WARNING: There were (\d+) transport failures\. Try stap -s to increase the buffer size from 1\.$");
            Assert.True(match.Success, warning);
            var failures = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(failures, 1, 20000 - numbers.Count);
            Assert.Equal(("0\nd0\nd1\nend 1\nrc=0\n0\n", ""), (r[5].StdoutText, r[5].StderrText));
            // "Killed" is the -c command's shell, telling of its tail.
            Assert.Equal(("victim tail\ntail ended\nend 1\nrc=0\n0\n", "Killed\n"), (r[6].StdoutText, r[6].StderrText));
            Assert.Contains("Out of memory: Killed process", r[6].KernelLog);
            foreach (var result in r)
            {
                // The OOM killer's own report is expected there; it is no kernel bug.
                Assert.Empty(KernelLogCheck.Problems(result.KernelLog));
                // A failed allocation is the module's ENOMEM, not an allocation-failure report with a backtrace (the OOM
                // killer's report in the last job has one of its own).
                if (result != r[6])
                {
                    Assert.DoesNotContain("Call Trace", result.KernelLog);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The kernel the VM tests boot and the stapper built by `make build` that runs in it.</summary>
    internal static (Stapper.Vm.InstalledKernel Kernel, string Stapper) KernelAndStapper()
    {
        var kernel = TestKernel.Find() ?? throw new InvalidOperationException("no installed kernel with headers: run `make deps`");
        var stapper = Path.Combine(ScriptCase.RepositoryRoot, "out", "stapper", "stapper");
        Assert.True(File.Exists(stapper), $"{stapper} is missing: run `make build` first");
        return (kernel, stapper);
    }

    internal static void Build(string stapper, string release, string dir, string name, string script, params string[] options)
    {
        File.WriteAllText(Path.Combine(dir, name + ".stp"), script + "\n");
        var psi = new ProcessStartInfo(stapper) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-p4", "-r", release, "-m", name, .. options, name + ".stp"])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && File.Exists(Path.Combine(dir, name + ".ko")), $"pass 4 of {name}: {stderr.Result}");
    }
}
