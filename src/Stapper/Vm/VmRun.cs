using Stapper.Run;

namespace Stapper.Vm;

/// <summary>Pass 5 inside a virtual machine: runs <c>stapper --run-module=...</c> in the guest via <see cref="GuestRunner"/>.</summary>
public static class VmRun
{
    /// <summary>Name of the -o file in the per-run share; the guest writes it, the host copies it to the real -o path.</summary>
    public const string OutputFileName = "stapper-output";

    /// <summary>
    /// The argv that runs this very stapper in the guest on <paramref name="modulePath"/>. The host root is read-only
    /// in the guest, so -o points into <see cref="GuestRunner.GuestShareDirectory"/>; <see cref="Run"/> copies the file
    /// to the requested host path when the run is over.
    /// </summary>
    public static IReadOnlyList<string> GuestCommand(string modulePath, RunOptions options)
    {
        var argv = new List<string>(RunModuleCommand.StapperCommand());
        var guestOptions = options.OutputFile is null && !options.Bulk ? options : options with { OutputFile = GuestRunner.GuestShareDirectory + "/" + OutputFileName };
        argv.AddRange(RunModuleCommand.Arguments(modulePath, guestOptions));
        return argv;
    }

    /// <summary>
    /// For a script that reads stdin (input.*): all of stapper's stdin, read before the guest boots, when it is a file or
    /// a pipe; a terminal cannot be relayed into the guest (a warning says so, and the guest's stdin is empty).
    /// </summary>
    static byte[]? GuestInput(string modulePath, Stream stderr)
    {
        if (!File.Exists(modulePath) || !RunPass.ModuleReadsStdin(modulePath))
        {
            return null;
        }
        if (!Console.IsInputRedirected)
        {
            stderr.Write(System.Text.Encoding.UTF8.GetBytes("WARNING: --vm cannot relay a terminal to the guest: input.* probes get no input (redirect stdin from a file or a pipe)\n"));
            return [];
        }
        using var input = Console.OpenStandardInput();
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>vCPUs of the guest: $STAPPER_VM_CPUS (1-64) when set, e.g. for bench/'s 1- and 2-vCPU runs, else 2.
    /// The kernel suite and tools/oracle/ (through --vm-batch) read the same value.</summary>
    public static int GuestCpus() =>
        int.TryParse(Environment.GetEnvironmentVariable("STAPPER_VM_CPUS"), out var n) && n is >= 1 and <= 64 ? n : 2;

    /// <summary>Boots <paramref name="kernelRelease"/> (null = default) and runs the module there; returns the exit status.</summary>
    /// <remarks>SIGINT/SIGTERM: the first stops the script in the guest gracefully (end probes run), a second kills the VM.</remarks>
    public static int Run(string? kernelRelease, string modulePath, RunOptions options, Stream stdout, Stream stderr,
        GuestRunner? runner = null, IReadOnlyDictionary<string, string>? environment = null, Action? ready = null, GuestMachine? machine = null)
    {
        Dictionary<string, string>? collect = null;
        if (options.Bulk)
        {
            // -b: the guest writes stapper-output_N; they come back as FILE_N, or stpd_cpuN without -o.
            var prefix = Path.GetFullPath(BulkOutput.Prefix(options.OutputFile));
            collect = new Dictionary<string, string> { [OutputFileName + "_*"] = prefix };
        }
        else if (options.OutputFile is not null)
        {
            var hostPath = Path.GetFullPath(options.OutputFile);
            try
            {
                // Fail early (as stap does) when the output file cannot be created.
                var first = options.Rotation is null ? hostPath : OutputRotation.FileName(hostPath, 0);
                using (new FileStream(first, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { }
                if (options.Rotation is not null)
                {
                    // The guest's own FILE.0 comes back only if it is still among the newest N.
                    File.Delete(first);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.Write(System.Text.Encoding.UTF8.GetBytes($"ERROR: cannot open output file {options.OutputFile}: {e.Message}\n"));
                return 1;
            }
            // Under -S, and after switch_file(), the guest writes stapper-output.N: collected by prefix as FILE.N.
            collect = new Dictionary<string, string> { [OutputFileName + ".*"] = hostPath + "." };
            if (options.Rotation is null)
            {
                collect[OutputFileName] = hostPath;
            }
        }
        var request = new GuestRequest(kernelRelease ?? "", GuestCommand(modulePath, options), Cpus: machine?.Cpus ?? GuestCpus(),
            MemoryMegabytes: machine?.MemoryMegabytes ?? 1024, Environment: environment, CollectFiles: collect)
        { KernelArguments = machine?.KernelArguments, StandardInput = GuestInput(modulePath, stderr) };
        return (runner ?? new GuestRunner { Ready = ready }).RunWithSignals(request, stdout, stderr);
    }
}

/// <summary>--vm-cpus, --vm-mem (MB) and --vm-kernel-args; null keeps the default (2 vCPUs or $STAPPER_VM_CPUS, 1024 MB).</summary>
public sealed record GuestMachine(int? Cpus, int? MemoryMegabytes, string? KernelArguments);
