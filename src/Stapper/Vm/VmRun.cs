using Stapper.Run;

namespace Stapper.Vm;

/// <summary>Pass 5 inside a virtual machine: runs <c>stapper --run-module=...</c> in the guest via <see cref="GuestRunner"/>.</summary>
public static class VmRun
{
    /// <summary>
    /// The argv that runs this very stapper in the guest on <paramref name="modulePath"/>. -o is not forwarded (the host
    /// root is read-only in the guest): <see cref="Run"/> writes the guest's stdout to that file on the host instead.
    /// </summary>
    public static IReadOnlyList<string> GuestCommand(string modulePath, RunOptions options)
    {
        var argv = new List<string>(StapperCommand());
        argv.AddRange(RunModuleCommand.Arguments(modulePath, options with { OutputFile = null }));
        return argv;
    }

    /// <summary>How to start this stapper: its apphost, or "dotnet stapper.dll" when run through the muxer.</summary>
    public static IReadOnlyList<string> StapperCommand()
    {
        var process = Environment.ProcessPath ?? throw new VmException("cannot determine the stapper executable");
        var assembly = typeof(RunPass).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            return [process, assembly];
        var apphost = Path.Combine(Path.GetDirectoryName(assembly) ?? "", "stapper");
        if (Path.GetFileName(process) != "stapper" && File.Exists(apphost))
            return [apphost];
        return [process];
    }

    /// <summary>Boots <paramref name="kernelRelease"/> (null = default) and runs the module there; returns the exit status.</summary>
    /// <remarks>SIGINT/SIGTERM: the first stops the script in the guest gracefully (end probes run), a second kills the VM.</remarks>
    public static int Run(string? kernelRelease, string modulePath, RunOptions options, Stream stdout, Stream stderr,
        GuestRunner? runner = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Stream output = stdout;
        FileStream? file = null;
        try
        {
            if (options.OutputFile is not null)
                output = file = new FileStream(options.OutputFile, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes($"ERROR: cannot open output file {options.OutputFile}: {e.Message}\n");
            stderr.Write(bytes);
            return 1;
        }
        using (file)
        {
            var request = new GuestRequest(kernelRelease ?? "", GuestCommand(modulePath, options), Environment: environment);
            return (runner ?? new GuestRunner()).RunWithSignals(request, output, stderr);
        }
    }
}
