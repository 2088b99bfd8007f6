using System.Text;
using Stapper.Vm;
using Xunit.Abstractions;

namespace Stapper.Tests.Run;

/// <summary>
/// Pass 5 for real: the transport fixture modules are loaded by stapper inside a booted guest (one boot for all
/// cases), their output relayed, and they are unloaded.
/// </summary>
[Collection("vm")]
public class RunPassVmTests(TransportFixture fixture, ITestOutputHelper output) : IClassFixture<TransportFixture>
{
    [RequiresFact(Need.VmModule)]
    public void TransportModulesRunInOneBoot()
    {
        string M(string n) => "--run-module=" + fixture.Module(n);
        List<IReadOnlyList<string>> commands =
        [
            /* 0 */ TransportFixture.StapperRunModule(M("stptest_exit")),
            /* 1 */ TransportFixture.StapperRunModule(M("stptest_err")),
            /* 2 */ TransportFixture.StapperRunModule(M("stptest_wait"), "-c", "echo from-cmd"),
            /* 3 */ TransportFixture.StapperRunModule(M("stptest_wait"), "-T", "1", "-s", "4", "-x", "1"),
            /* 4 */ TransportFixture.StapperRunModule(M("stptest_wait"), "-c", "exit 3"),
            /* 5 */ ["/bin/sh", "-c", string.Join(' ', TransportFixture.StapperRunModule(M("stptest_wait"), "-o", "/tmp/w.out").Select(GuestRunner.ShellQuote))
                        + " & p=$!; until grep -q hello /tmp/w.out 2>/dev/null; do sleep 0.2; done; kill -TERM $p; wait $p; echo rc=$?; cat /tmp/w.out"],
            /* 6 */ ["/bin/sh", "-c", "grep -c stptest /proc/modules; ls /proc | grep -c stptest"],
        ];
        var batch = new GuestRunner().RunBatch(fixture.Kernel!.Release, commands, new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        for (int i = 0; i < batch.Results.Count; i++)
        {
            output.WriteLine($"[{i}] rc={batch.Results[i].ExitCode}\nstdout: {batch.Results[i].StdoutText}\nstderr: {batch.Results[i].StderrText}");
        }

        output.WriteLine($"timings: {batch.Timings}");
        var r = batch.Results;

        Assert.Equal(("hello\ntarget=0 bufsize=0\nbye\n", "", 0), (r[0].StdoutText, r[0].StderrText, r[0].ExitCode));

        Assert.Equal(("hello\ntarget=0 bufsize=0\nbye\n", "ERROR: synthetic error\nWARNING: /usr/bin/staprun exited with status: 1\nPass 5: run failed.  [man error::pass5]\n", 1), (r[1].StdoutText, r[1].StderrText, r[1].ExitCode));

        Assert.Equal(0, r[2].ExitCode);
        Assert.Contains("from-cmd\n", r[2].StdoutText);
        Assert.Matches(@"target=[1-9][0-9]* bufsize=0\n", r[2].StdoutText);
        Assert.EndsWith("bye\n", r[2].StdoutText);

        Assert.Equal(("hello\ntarget=1 bufsize=4\nbye\n", "", 0), (r[3].StdoutText, r[3].StderrText, r[3].ExitCode));

        // As staprun: "exit 3" is two words, and execvp finds no program "exit" (a shell builtin).
        Assert.Equal(1, r[4].ExitCode);
        Assert.Equal("exit 3: No such file or directory\nWARNING: Child process exited with status 1\nWARNING: /usr/bin/staprun exited with status: 1\nPass 5: run failed.  [man error::pass5]\n", r[4].StderrText);

        Assert.Equal("rc=0\nhello\ntarget=0 bufsize=0\nbye\n", r[5].StdoutText);

        Assert.Equal("0\n0\n", r[6].StdoutText);
    }

    /// <summary>The path the driver uses for --vm: this stapper runs --run-module in the guest; -o ends up on the host.</summary>
    [RequiresFact(Need.VmModule)]
    public void VmRunWritesOutputFileOnTheHost()
    {
        var outFile = Path.Combine(Path.GetTempPath(), $"stapper-vmrun-{Guid.NewGuid():N}.out");
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var options = new Stapper.Run.RunOptions(outFile, "echo cmd-output", null, null, 0, 0);
        var guestArgv = VmRun.GuestCommand(fixture.Module("stptest_wait"), options);
        Assert.Contains("-c", guestArgv);
        Assert.Equal(GuestRunner.GuestShareDirectory + "/" + VmRun.OutputFileName, guestArgv[guestArgv.ToList().IndexOf("-o") + 1]);
        var status = VmRun.Run(fixture.Kernel!.Release, fixture.Module("stptest_wait"), options, stdout, stderr,
            environment: new Dictionary<string, string>
            {
                ["STAPPER_TEST_ENTRY"] = "run-module",
                ["DOTNET_STARTUP_HOOKS"] = typeof(TransportFixture).Assembly.Location,
            });
        var text = File.ReadAllText(outFile);
        File.Delete(outFile);
        output.WriteLine($"status {status}, file: {text}, stderr: {Encoding.UTF8.GetString(stderr.ToArray())}");
        Assert.Equal("", Encoding.UTF8.GetString(stderr.ToArray()));
        // Like stap on a host: the script's output goes to -o, the -c command's to stdout.
        Assert.Equal("cmd-output\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Matches(@"^hello\ntarget=[1-9][0-9]* bufsize=0\nbye\n$", text);
        Assert.Equal(0, status);
    }

    /// <summary>-S under --vm: the guest rotates its share file, the host gets FILE.0, FILE.1, ... (size 0: one file per write).</summary>
    [RequiresFact(Need.VmModule)]
    public void VmRunBringsBackRotatedOutputFiles()
    {
        var dir = Directory.CreateTempSubdirectory("stapper-vmrun-rotation-").FullName;
        var outFile = Path.Combine(dir, "out");
        // stptest_wait ends when its -c command does.
        var options = new Stapper.Run.RunOptions(outFile, "true", null, null, 0, 0) { Rotation = new Stapper.Run.OutputRotation(0, 0) };
        var stderr = new MemoryStream();
        var status = VmRun.Run(fixture.Kernel!.Release, fixture.Module("stptest_wait"), options, new MemoryStream(), stderr,
            environment: new Dictionary<string, string>
            {
                ["STAPPER_TEST_ENTRY"] = "run-module",
                ["DOTNET_STARTUP_HOOKS"] = typeof(TransportFixture).Assembly.Location,
            });
        var files = Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>()
            .OrderBy(f => int.Parse(f["out.".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var text = string.Concat(files.Select(f => File.ReadAllText(Path.Combine(dir, f))));
        Directory.Delete(dir, recursive: true);
        Assert.Equal("", Encoding.UTF8.GetString(stderr.ToArray()));
        Assert.Equal(0, status);
        Assert.Equal("out.0", files[0]);
        Assert.True(files.Count > 1, string.Join(", ", files));
        Assert.Matches(@"^hello\ntarget=[0-9]+ bufsize=0\nbye\n$", text);
    }

    /// <summary>Ctrl-C on the host (cancellation) stops the guest script gracefully; also covers live relay of module output.</summary>
    [RequiresFact(Need.VmModule)]
    public void CancellingStopsTheGuestScriptGracefully()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = new WatchingStream("hello\n", cancel);
        var stderr = new MemoryStream();
        var status = new GuestRunner().Run(
            new GuestRequest(fixture.Kernel!.Release, TransportFixture.StapperRunModule("--run-module=" + fixture.Module("stptest_wait"))),
            stdout, stderr, cancel.Token);
        output.WriteLine($"status {status}, stdout: {Encoding.UTF8.GetString(stdout.ToArray())}, stderr: {Encoding.UTF8.GetString(stderr.ToArray())}");
        Assert.Equal("", Encoding.UTF8.GetString(stderr.ToArray()));
        // The end probe ("bye") ran after the host asked the guest to stop.
        Assert.Equal("hello\ntarget=0 bufsize=0\nbye\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal(0, status);
    }

    /// <summary>Cancels <paramref name="cts"/> once the text written so far contains <paramref name="marker"/>.</summary>
    sealed class WatchingStream(string marker, CancellationTokenSource cts) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            base.Write(buffer, offset, count);
            if (Encoding.UTF8.GetString(ToArray()).Contains(marker))
            {
                cts.Cancel();
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            base.Write(buffer);
            if (Encoding.UTF8.GetString(ToArray()).Contains(marker))
            {
                cts.Cancel();
            }
        }
    }
}
