using System.Globalization;

namespace Stapper.Run;

/// <summary>
/// The hidden command line that runs pass 5 alone on an already-built module; it is what --vm runs in the guest:
/// <c>stapper --run-module=/abs/NAME.ko [-o FILE] [-S SIZE[,N]] [-c CMD] [-x PID] [-T SECS] [-s MB] [-v...]</c>.
/// The driver's stap-style command line (Cli.CommandLine) reads it back.
/// </summary>
public static class RunModuleCommand
{
    public const string Option = "--run-module";

    /// <summary>How to start this stapper: its apphost, or "dotnet stapper.dll" when run through the muxer.</summary>
    public static IReadOnlyList<string> StapperCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot determine the stapper executable");
        // AppContext.BaseDirectory also holds for a native (AOT) build, where assemblies have no location.
        var directory = AppContext.BaseDirectory;
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            return [process, Path.Combine(directory, "stapper.dll")];
        }

        var apphost = Path.Combine(directory, "stapper");
        if (Path.GetFileName(process) != "stapper" && File.Exists(apphost))
        {
            return [apphost];
        }

        return [process];
    }

    /// <summary>Arguments (after the program) that make a stapper process run <paramref name="modulePath"/> with <paramref name="options"/>.</summary>
    public static IReadOnlyList<string> Arguments(string modulePath, RunOptions options)
    {
        var args = new List<string> { Option + "=" + Path.GetFullPath(modulePath) };
        if (options.OutputFile is not null)
        {
            args.AddRange(["-o", Path.GetFullPath(options.OutputFile)]);
        }

        if (options.Rotation is { } rotation)
        {
            args.AddRange(["-S", rotation.Argument]);
        }

        if (options.Bulk)
        {
            args.Add("-b");
        }

        if (options.FlightRecorder)
        {
            args.Add("-F");
        }

        foreach (var setting in options.GlobalSettings)
        {
            args.AddRange(["-G", setting]);
        }

        if (options.TargetCommand is not null)
        {
            args.AddRange(["-c", options.TargetCommand]);
        }

        if (options.TargetPid is int pid)
        {
            args.AddRange(["-x", pid.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.TimeoutSeconds is int t)
        {
            args.AddRange(["-T", t.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.BufferMegabytes != 0)
        {
            args.AddRange(["-s", options.BufferMegabytes.ToString(CultureInfo.InvariantCulture)]);
        }

        for (int i = 0; i < options.Verbosity; i++)
        {
            args.Add("-v");
        }

        return args;
    }
}
