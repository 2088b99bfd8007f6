using System.Text;

namespace Stapper.Vm;

/// <summary>One command to run inside a virtual machine booted from an installed kernel.</summary>
/// <param name="KernelRelease">An installed kernel release (see <see cref="InstalledKernels"/>); null or empty = the default.</param>
/// <param name="GuestCommand">argv run in the guest, chrooted into the (read-only) host root.</param>
/// <param name="WorkingDirectory">Directory (a host path) the command starts in; null = the host's current directory.</param>
/// <param name="Environment">Extra environment variables for the command (on top of PATH, HOME=/tmp, TERM, LANG, DOTNET_*).</param>
/// <param name="CollectFiles">Files the command writes under <see cref="GuestRunner.GuestShareDirectory"/> (key: file name
/// there) to copy to host paths (value) after the run, e.g. stap -o output (the host root is read-only in the guest); a key ending in * copies every file with that prefix to the value plus the rest of its name.</param>
public sealed record GuestRequest(
    string KernelRelease,
    IReadOnlyList<string> GuestCommand,
    int Cpus = 2,
    int MemoryMegabytes = 1024,
    string? WorkingDirectory = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    IReadOnlyDictionary<string, string>? CollectFiles = null)
{
    /// <summary>--vm-kernel-args: appended to the guest kernel's command line.</summary>
    public string? KernelArguments { get; init; }

    /// <summary>The guest command's standard input (else /dev/null): a script's input.* probes read it.</summary>
    public byte[]? StandardInput { get; init; }
}

/// <summary>What one command of a batch produced.</summary>
public sealed record GuestCommandResult(byte[] Stdout, byte[] Stderr, int ExitCode)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);
    public string StderrText => Encoding.UTF8.GetString(Stderr);

    /// <summary>The guest kernel's log lines printed while the command ran (dmesg, cleared before it starts), for
    /// <see cref="KernelLogCheck"/>.</summary>
    public string KernelLog { get; init; } = "";
}

/// <summary>Timings of one boot. GuestUptimeAtCommand is the guest's /proc/uptime when its first command started.</summary>
public sealed record GuestTimings(TimeSpan HostToCommand, double GuestUptimeAtCommand, TimeSpan Total);

/// <summary>Results of <see cref="GuestRunner.RunBatch"/>, one per command, in order.</summary>
public sealed record GuestBatchResult(IReadOnlyList<GuestCommandResult> Results, GuestTimings Timings);
