using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Stapper.Vm;

namespace Stapper.Tests.Scripts;

/// <summary>
/// Runs the whole .stp suite once: passes 1-4 on the host for every script (in parallel), then
/// pass 5 of every built module inside the VM, one boot per batch. Each test case reads its result.
/// </summary>
public sealed class KernelSuite
{
    private const int BatchSize = 40;

    /// <summary>A script still running after this long is stopped with SIGINT (its end probes run) and fails by its output.</summary>
    private const int GuestTimeoutSeconds = 60;
    private static readonly Lazy<KernelSuite> Instance = new(() => new KernelSuite());
    private readonly ConcurrentDictionary<string, Outcome> _outcomes = new();

    public sealed record Outcome(string Stdout, string Stderr, int Exit);

    public static Outcome For(ScriptCase script) => Instance.Value._outcomes[script.Name];

    private KernelSuite()
    {
        var kernel = TestKernel.Find() ?? throw new InvalidOperationException("no installed kernel with headers: run `make deps`");
        var stapper = Path.Combine(ScriptCase.RepositoryRoot, "out", "stapper", "stapper");
        if (!File.Exists(stapper))
        {
            throw new InvalidOperationException($"{stapper} is missing: run `make build` first");
        }
        // An example without SystemTap's source is skipped by its test (ExampleScriptTests), not run.
        var cases = ScriptCase.All().Where(c => c.SkipReason is null).ToList();
        BuildPrograms();
        var built = new ConcurrentDictionary<string, (string Module, string HostStderr)>();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, script =>
        {
            // built for the guest as --vm builds: a process(PID) names the guest's process, not one of this host
            var args = new List<string> { "-p4", "--vm=" + kernel.Release, script.FileName };
            args.AddRange(script.Words);
            var hostPids = script.HostFile is { } host ? Host("/bin/sh", [host], script.Directory).Stdout.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries) : [];
            var (stdout, stderr, exit) = Host(stapper, args, script.Directory);
            foreach (var pid in hostPids)
            {
                try
                {
                    Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or System.ComponentModel.Win32Exception)
                {
                }
            }
            var compileOnly = script.Words.Any(o => o.StartsWith("-p", StringComparison.Ordinal));
            if (exit != 0 || compileOnly)
            {
                _outcomes[script.Name] = new Outcome(stdout, stderr, exit);
                return;
            }
            built[script.Name] = (stdout.TrimEnd('\n').Split('\n')[^1], stderr);
        });

        var toRun = cases.Where(c => built.ContainsKey(c.Name)).ToList();
        foreach (var batch in toRun.Chunk(BatchSize))
        {
            RunBatch(kernel.Release, stapper, batch, built);
        }
    }

    /// <summary>
    /// One boot for <paramref name="batch"/>. When the guest fails part-way, the cases that finished keep their results,
    /// the one that was running fails with the reason, and the rest run in a boot of their own: one bad case (or one
    /// stall of the emulated machine) fails itself, not every case after it.
    /// </summary>
    private void RunBatch(string kernelRelease, string stapper, IReadOnlyList<ScriptCase> batch,
        ConcurrentDictionary<string, (string Module, string HostStderr)> built)
    {
        var commands = batch.Select(script => (IReadOnlyList<string>)
            new List<string> { "timeout", "-s", "INT", "-k", "10", GuestTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "/bin/sh", "-c", "cd \"$1\" && shift && " + (script.BeforeFile is { } before ? "sh " + before + " && " : "") + "exec \"$@\"" + (script.StdinFile is { } input ? " <" + input : ""), "sh", script.Directory,
                stapper, "--run-module=" + built[script.Name].Module }
                .Concat(script.Words).ToList()).ToList();
        var runner = new GuestRunner();
        using var deadline = new CancellationTokenSource(BatchTimeout(batch.Count));
        IReadOnlyList<GuestCommandResult> completed;
        string failure;
        var culpritKnown = false;
        try
        {
            completed = runner.RunBatch(kernelRelease, commands, deadline.Token, cpus: VmRun.GuestCpus()).Results;
            failure = "";
        }
        catch (VmException e)
        {
            completed = e.Completed;
            culpritKnown = !e.GuestNeverStarted;
            failure = "VM failure: " + e.Message + "\n" + runner.LastConsoleLog;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            completed = [];
            failure = $"VM failure: the batch did not finish within {BatchTimeout(batch.Count).TotalSeconds} s; the guest's console:\n" + runner.LastConsoleLog;
        }

        for (var i = 0; i < completed.Count; i++)
        {
            var r = completed[i];
            // An oops, splat or lockup in the guest's log fails the case even when its output is right.
            _outcomes[batch[i].Name] = new Outcome(r.StdoutText, built[batch[i].Name].HostStderr + r.StderrText + KernelLogCheck.Describe(r.KernelLog), r.ExitCode);
        }
        if (completed.Count == batch.Count)
        {
            return;
        }

        // A boot that never reached the job, or a deadline, names no culprit: every case left shares the failure.
        var failed = culpritKnown ? batch.Skip(completed.Count).Take(1) : batch.Skip(completed.Count);
        foreach (var script in failed)
        {
            _outcomes[script.Name] = new Outcome("", failure, -1);
        }
        var rest = batch.Skip(completed.Count + failed.Count()).ToList();
        if (rest.Count > 0)
        {
            RunBatch(kernelRelease, stapper, rest, built);
        }
    }

    /// <summary>The programs user-space cases probe: tests/scripts/build-programs.sh compiles them (README).</summary>
    private static void BuildPrograms()
    {
        var script = Path.Combine(ScriptCase.RepositoryRoot, "tests", "scripts", "build-programs.sh");
        var (_, stderr, exit) = Host("/bin/sh", [script], ScriptCase.RepositoryRoot);
        if (exit != 0)
        {
            throw new InvalidOperationException("tests/scripts/build-programs.sh failed: " + stderr);
        }
    }

    /// <summary>
    /// A guest that locks up never runs `timeout`, so each boot has a deadline of its own: the boot plus every command
    /// running into its own limit (STAPPER_VM_BATCH_TIMEOUT, seconds, overrides).
    /// </summary>
    internal static TimeSpan BatchTimeout(int commands) =>
        int.TryParse(Environment.GetEnvironmentVariable("STAPPER_VM_BATCH_TIMEOUT"), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(300 + commands * (GuestTimeoutSeconds + 15));

    private static (string Stdout, string Stderr, int Exit) Host(string stapper, IEnumerable<string> args, string directory)
    {
        var start = new ProcessStartInfo(stapper)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (stdout.Result, stderr.Result, process.ExitCode);
    }
}
