using System.Globalization;

namespace Stapper.Vm;

/// <summary>
/// Internal, undocumented in --help: <c>stapper --vm-batch[=KVER] JOBS RESULTS</c> runs shell commands in ONE boot of
/// the same guest the kernel suite uses (<see cref="GuestRunner.RunBatch"/>, <see cref="VmRun.GuestCpus"/> vCPUs), for
/// tools/oracle/, which runs stap's modules there. Every non-empty line of the file JOBS is one command for the guest's
/// <c>/bin/sh -c</c> (chrooted into the host root, stdin /dev/null); RESULTS/N.out, N.err and N.exit receive the
/// stdout, stderr and exit status of the Nth command (from 1), and N.kmsg the guest kernel's log while it ran.
/// </summary>
public static class VmBatchCommand
{
    public const string Option = "--vm-batch";

    public const string UsageLine = "usage: stapper --vm-batch[=KVER] JOBS RESULTS";

    /// <summary>The hidden entry is recognised only as the first argument, so stap's own command line is untouched.</summary>
    public static bool Is(IReadOnlyList<string> args) =>
        args.Count > 0 && (args[0] == Option || args[0].StartsWith(Option + "=", StringComparison.Ordinal));

    /// <summary>Runs the batch; 0 when every command reported a result, else 1 with an "ERROR:" line.</summary>
    public static int Execute(IReadOnlyList<string> args, TextWriter stderr, GuestRunner? runner = null)
    {
        if (!Is(args) || args.Count != 3)
        {
            stderr.WriteLine(UsageLine);
            return 1;
        }
        var kernel = args[0].Length > Option.Length ? args[0][(Option.Length + 1)..] : null;
        string text;
        try
        {
            text = File.ReadAllText(args[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"ERROR: cannot read {args[1]}: {e.Message}");
            return 1;
        }
        var jobs = ReadJobs(text);
        if (jobs.Count == 0)
        {
            stderr.WriteLine($"ERROR: {args[1]} has no commands");
            return 1;
        }
        try
        {
            var batch = (runner ?? new GuestRunner()).RunBatch(kernel, jobs, CancellationToken.None, cpus: VmRun.GuestCpus());
            WriteResults(args[2], batch);
            return 0;
        }
        catch (VmException e)
        {
            stderr.WriteLine("ERROR: " + e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("ERROR: virtual machine failed: " + e.Message);
            return 1;
        }
    }

    /// <summary>One guest argv per non-empty line: <c>/bin/sh -c LINE</c>.</summary>
    internal static IReadOnlyList<IReadOnlyList<string>> ReadJobs(string text) =>
        [.. text.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Trim().Length > 0)
            .Select(line => (IReadOnlyList<string>)["/bin/sh", "-c", line])];

    /// <summary>RESULTS/N.out, N.err (bytes as produced), N.exit (the status and a newline) and N.kmsg, N from 1.</summary>
    internal static void WriteResults(string directory, GuestBatchResult batch)
    {
        Directory.CreateDirectory(directory);
        for (var i = 0; i < batch.Results.Count; i++)
        {
            var result = batch.Results[i];
            var stem = Path.Combine(directory, (i + 1).ToString(CultureInfo.InvariantCulture));
            File.WriteAllBytes(stem + ".out", result.Stdout);
            File.WriteAllBytes(stem + ".err", result.Stderr);
            File.WriteAllText(stem + ".exit", result.ExitCode.ToString(CultureInfo.InvariantCulture) + "\n");
            File.WriteAllText(stem + ".kmsg", result.KernelLog);
        }
    }
}
