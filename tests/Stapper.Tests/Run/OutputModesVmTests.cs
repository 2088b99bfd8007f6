using Stapper.Run;
using Stapper.Vm;
using Stapper.Tests.Scripts;
using Xunit.Abstractions;

namespace Stapper.Tests.Run;

/// <summary>
/// -b and -F in a guest, as a user runs them there (out/stapper, one boot): per-CPU bulk files that stap-merge's
/// format puts back in order, a flight-recorder module that runs on detached and is taken over by <c>stapper -A</c>,
/// keeping its newest whole lines when its buffer fills, -F -o's background writer, and switch_file()'s next -o files.
/// </summary>
[Trait("Category", "Kernel")]
[Collection("vm")]
public class OutputModesVmTests(ITestOutputHelper output)
{
    const string Ticks = """
        global n
        probe begin { printf("begin\n") }
        probe timer.ms(50) { if (++n <= 3) printf("tick %d\n", n) }
        probe end { printf("end\n") }
        """;

    // Every CPU prints three numbered lines; the end probe one more.
    const string PerCpu = """
        global n
        probe timer.profile { if (++n[cpu()] <= 3) printf("cpu%d %d\n", cpu(), n[cpu()]) }
        probe timer.ms(300) { exit() }
        probe end { printf("end\n") }
        """;

    // switch_file() twice, 700 ms apart from the lines around it (system() runs its kill some time after the call).
    const string Switch = """
        global n
        probe begin { println("first") }
        probe timer.ms(700) { n++; if (n == 1 || n == 3) switch_file(); if (n == 2) println("second"); if (n == 4) { println("third"); exit() } }
        """;

    // 30,000 lines of 200 bytes (6 MB) while detached, into a 1 MB buffer.
    const string Flood = """
        probe begin { for (i = 1; i <= 30000; i++) printf("%06d %0192d\n", i, 0) }
        """;

    [RequiresFact(Need.VmModule)]
    public void BulkFilesAndFlightRecorder()
    {
        var (kernel, stapper) = SafetyVmTests.KernelAndStapper();
        var dir = Directory.CreateTempSubdirectory("stapper-outmodes-").FullName;
        try
        {
            SafetyVmTests.Build(stapper, kernel.Release, dir, "stp_ticks", Ticks);
            SafetyVmTests.Build(stapper, kernel.Release, dir, "stp_percpu", PerCpu);
            SafetyVmTests.Build(stapper, kernel.Release, dir, "stp_fflood", Flood, "-D", "MAXACTION=1000000");
            SafetyVmTests.Build(stapper, kernel.Release, dir, "stp_switch", Switch);
            string Job(string line) => $"cd /tmp && D={GuestRunner.ShellQuote(dir)} && S={GuestRunner.ShellQuote(stapper)} && {line}";
            // The background writer has written its last line once it has exited, not merely once the module is gone.
            const string WriterGone = "i=0; while [ $i -lt 50 ] && kill -0 $pid 2>/dev/null; do sleep 0.1; i=$((i+1)); done";
            const string Gone = "i=0; while [ $i -lt 50 ] && grep -q \"^$M \" /proc/modules; do sleep 0.1; i=$((i+1)); done; grep -c \"^$M \" /proc/modules";
            List<IReadOnlyList<string>> commands =
            [
                // -b -o: one file per CPU, each record framed for stap-merge.
                ["/bin/sh", "-c", Job("$S --run-module=$D/stp_percpu.ko -b -o /tmp/b; echo rc=$?; for f in /tmp/b_*; do echo \"== $f\"; base64 $f; done")],
                // -F: detached; -A a second after takes over the module, gets what it kept, and ends it (-T).
                ["/bin/sh", "-c", Job("M=stp_ticks; $S --run-module=$D/stp_ticks.ko -F; echo rc=$?; sleep 1; grep -c '^stp_ticks ' /proc/modules; "
                    + "$S -A stp_ticks -T 1; echo rc=$?; " + Gone)],
                // -F with a full buffer: the newest whole lines are kept.
                ["/bin/sh", "-c", Job("M=stp_fflood; $S -s 1 --run-module=$D/stp_fflood.ko -F 2>/dev/null; sleep 1; $S -A stp_fflood -T 1 > /tmp/flood; echo rc=$?; "
                    + "wc -l < /tmp/flood; head -c 7 /tmp/flood; tail -n 1 /tmp/flood | head -c 7; " + Gone)],
                // -F -o: a background stapper -A writes the file; a second -A is refused while it reads; kill ends it.
                ["/bin/sh", "-c", Job("M=stp_ticks; pid=$($S --run-module=$D/stp_ticks.ko -F -o /tmp/f.out); echo rc=$?; sleep 1; "
                    + "$S -A stp_ticks; echo rc=$?; kill $pid; " + Gone + "; " + WriterGone + "; cat /tmp/f.out")],
                ["/bin/sh", "-c", Job("$S -A stp_nothing; echo rc=$?")],
                // switch_file() with -o: FILE, then FILE.1, FILE.2; without -o, SIGUSR2 changes nothing (and kills nothing).
                ["/bin/sh", "-c", Job("mkdir $D/sw; $S --run-module=$D/stp_switch.ko -o $D/sw/s; echo rc=$?; for f in $D/sw/*; do echo \"== ${f#$D/}\"; cat $f; done; "
                    + "$S --run-module=$D/stp_switch.ko; echo rc=$?")],
            ];
            var batch = new GuestRunner().RunBatch(kernel.Release, commands, new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token, cpus: 2);
            var r = batch.Results;
            for (int i = 0; i < r.Count; i++)
            {
                output.WriteLine($"[{i}] rc={r[i].ExitCode}\nstdout: {r[i].StdoutText}\nstderr: {r[i].StderrText}\nkernel: {r[i].KernelLog}");
            }

            try
            {
                Check(r);
            }
            catch (Exception e)
            {
                // After the dumps, so the end of a CI log shows which check failed.
                output.WriteLine("FAILED CHECK: " + e.Message);
                throw;
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static void Check(IReadOnlyList<GuestCommandResult> r)
    {
        {
            var (bulkStatus, files) = BulkFiles(r[0].StdoutText);
            Assert.Equal(("rc=0", ""), (bulkStatus, r[0].StderrText));
            Assert.Equal(["/tmp/b_0", "/tmp/b_1"], files.Keys.Order());
            foreach (var (name, data) in files)
            {
                var cpu = name[^1..];
                var lines = System.Text.Encoding.UTF8.GetString(BulkOutput.Merge([data])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(["1", "2", "3"], lines.Where(l => l != "end").Select(l => Assert.Single(System.Text.RegularExpressions.Regex.Matches(l, "^cpu" + cpu + " ([123])$")).Groups[1].Value));
            }
            var merged = System.Text.Encoding.UTF8.GetString(BulkOutput.Merge(files.Values)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(7, merged.Length);
            Assert.Equal("end", merged[^1]);

            Assert.Equal(("rc=0\n1\nbegin\ntick 1\ntick 2\ntick 3\nend\nrc=0\n0\n",
                "\nDisconnecting from systemtap module.\nTo reconnect, type \"stapper -A stp_ticks\"\n"), (r[1].StdoutText, r[1].StderrText));

            // rc, the number of lines kept, the first one's number, the last one's, and the module gone.
            var flood = System.Text.RegularExpressions.Regex.Match(r[2].StdoutText, @"^rc=0\n *([0-9]+)\n([0-9]{6}) 030000 0\n$");
            Assert.True(flood.Success, r[2].StdoutText);
            var kept = int.Parse(flood.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var first = int.Parse(flood.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(first > 1 && first + kept - 1 == 30000, $"kept lines {first}..{first + kept - 1} of 30000");

            Assert.Matches("^rc=0\nrc=1\n0\nbegin\ntick 1\ntick 2\ntick 3\nend\n$", System.Text.RegularExpressions.Regex.Replace(r[3].StdoutText, "^[0-9]+\n", ""));
            Assert.Equal("ERROR: module stp_ticks already has a stapper attached\nWARNING: /usr/bin/staprun exited with status: 1\nPass 5: run failed.  [man error::pass5]\n", r[3].StderrText);
            Assert.Equal(("rc=1\n", "ERROR: module stp_nothing is not running (-A attaches to a module that stapper -F left running)\n"
                + "WARNING: /usr/bin/staprun exited with status: 1\nPass 5: run failed.  [man error::pass5]\n"), (r[4].StdoutText, r[4].StderrText));
            Assert.Equal(("rc=0\n== sw/s\nfirst\n== sw/s.1\nsecond\n== sw/s.2\nthird\nfirst\nsecond\nthird\nrc=0\n", ""), (r[5].StdoutText, r[5].StderrText));
            foreach (var result in r)
            {
                Assert.Empty(KernelLogCheck.Problems(result.KernelLog));
            }
        }
    }

    /// <summary>"rc=N" and the "== NAME" / base64 sections of the bulk job's output.</summary>
    static (string Status, Dictionary<string, byte[]> Files) BulkFiles(string text)
    {
        var sections = text.Split("== ");
        var files = new Dictionary<string, byte[]>();
        foreach (var section in sections.Skip(1))
        {
            var lines = section.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            files[lines[0]] = Convert.FromBase64String(string.Concat(lines.Skip(1)));
        }
        return (sections[0].Trim(), files);
    }
}
