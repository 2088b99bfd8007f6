using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Stapper.Vm;

/// <summary>
/// Boots an installed kernel under QEMU with a busybox initramfs, shares the host root read-only over virtio-9p and
/// runs commands inside a chroot of it, so the host's own stapper and dotnet run in the guest. Kernel messages go to a
/// console log, never to our output. Live output travels over virtio-serial ports (out, err, ctl) connected to Unix
/// sockets; batches write their results into a writable 9p share instead.
/// </summary>
public sealed partial class GuestRunner
{
    /// <summary>How long a stopped (cancelled) guest command gets to finish (end probes) before QEMU is killed.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where initramfs images are cached; null = ~/.cache/stapper/vm.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Keep the per-run directory (job script, console log) for debugging.</summary>
    public bool KeepRunDirectory { get; init; }

    /// <summary>Called once the guest has booted and starts the command (a status line ends there).</summary>
    public Action? Ready { get; init; }

    /// <summary>Timings of the last boot, if it got as far as running the command.</summary>
    public GuestTimings? LastTimings { get; private set; }

    /// <summary>The guest console (kernel log) of the last boot, for diagnostics.</summary>
    public string LastConsoleLog { get; private set; } = "";

    const string PortOut = "stapper.out", PortErr = "stapper.err", PortCtl = "stapper.ctl";

    /// <summary>Where the per-run writable share appears inside the guest command's root (see <see cref="GuestRequest.CollectFiles"/>).</summary>
    public const string GuestShareDirectory = "/tmp/.stapper-job";

    /// <summary>
    /// Runs the command in a fresh guest, relaying its stdout and stderr as they arrive, and returns its exit status.
    /// Cancelling <paramref name="ct"/> sends SIGTERM to the guest command (so stapper runs end probes) and kills QEMU
    /// if the guest has not finished after <see cref="GracePeriod"/>. Failures of the machinery are reported on
    /// <paramref name="stderr"/> as an "ERROR:" line with status 1.
    /// </summary>
    public int Run(GuestRequest request, Stream stdout, Stream stderr, CancellationToken ct) => Run(request, stdout, stderr, ct, CancellationToken.None);

    /// <summary>As <see cref="Run(GuestRequest, Stream, Stream, CancellationToken)"/>; <paramref name="kill"/> kills QEMU at once.</summary>
    public int Run(GuestRequest request, Stream stdout, Stream stderr, CancellationToken ct, CancellationToken kill)
    {
        try
        {
            return WithOneReboot(() => RunCore(request, stdout, stderr, ct, kill));
        }
        catch (VmException e)
        {
            WriteError(stderr, e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            WriteError(stderr, "virtual machine failed: " + e.Message);
            return 1;
        }
    }

    /// <summary>
    /// Like <see cref="Run"/>, with SIGINT/SIGTERM handling for a command-line caller: the first signal stops the guest
    /// command gracefully, a second one kills the virtual machine at once.
    /// </summary>
    public int RunWithSignals(GuestRequest request, Stream stdout, Stream stderr)
    {
        using var graceful = new CancellationTokenSource();
        using var hardKill = new CancellationTokenSource();
        int signals = 0;
        void Handler(PosixSignalContext c)
        {
            c.Cancel = true;
            if (Interlocked.Increment(ref signals) == 1)
            {
                graceful.Cancel();
            }
            else
            {
                hardKill.Cancel();
            }
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler);
        return Run(request, stdout, stderr, graceful.Token, hardKill.Token);
    }

    /// <summary>
    /// Runs all <paramref name="commands"/> one after another in ONE boot and returns each one's stdout, stderr and
    /// exit status. stdin of each command is /dev/null.
    /// </summary>
    /// <exception cref="VmException">The virtual machine could not be started or did not report results.</exception>
    public GuestBatchResult RunBatch(string? kernelRelease, IReadOnlyList<IReadOnlyList<string>> commands, CancellationToken ct,
        int cpus = 2, int memoryMegabytes = 1024, string? workingDirectory = null) =>
        WithOneReboot(() => RunBatchCore(kernelRelease, commands, ct, cpus, memoryMegabytes, workingDirectory));

    /// <summary>
    /// A guest that dies before its init reaches the job is booted once more. Seen once under TCG on a loaded host:
    /// QEMU exited with nothing on the console after the firmware's banner.
    /// </summary>
    internal static T WithOneReboot<T>(Func<T> boot)
    {
        try
        {
            return boot();
        }
        catch (VmException e) when (e.GuestNeverStarted)
        {
            return boot();
        }
    }

    GuestBatchResult RunBatchCore(string? kernelRelease, IReadOnlyList<IReadOnlyList<string>> commands, CancellationToken ct,
        int cpus, int memoryMegabytes, string? workingDirectory)
    {
        var kernel = InstalledKernels.Resolve(kernelRelease);
        var initrd = Initramfs.GetOrBuild(kernel, CacheDirectory);
        var run = CreateRunDirectory();
        try
        {
            var script = new StringBuilder(JobPrologue(workingDirectory, null));
            // dmesg -c around each command: its kernel log alone, so an oops is laid at the right command's door.
            script.Append("r() { i=$1; shift; dmesg -c >/dev/null 2>&1; cut -d' ' -f1 /proc/uptime > /job/$i.start; ( hostcmd \"$@\" ) </dev/null >/job/$i.out 2>/job/$i.err; echo $? > /job/$i.rc; dmesg -c > /job/$i.kmsg 2>/dev/null; }\n");
            for (int i = 0; i < commands.Count; i++)
            {
                if (commands[i].Count == 0)
                {
                    throw new ArgumentException("empty guest command", nameof(commands));
                }

                script.Append("r ").Append(i);
                foreach (var arg in commands[i])
                {
                    script.Append(' ').Append(ShellQuote(arg));
                }

                script.Append('\n');
            }
            File.WriteAllText(Path.Combine(run, "job", "job.sh"), script.ToString());

            var started = Stopwatch.StartNew();
            string qemuFailure = "";
            using (var qemu = StartQemu(kernel, initrd, run, cpus, memoryMegabytes, withPorts: false))
            using (new ProcessExitGuard(() => Kill(qemu)))
            {
                try
                {
                    var watch = new GuestConsoleWatch(Path.Combine(run, "console.log"));
                    var exited = WaitForExit(qemu, ct, watch, out var fatal);
                    if (fatal is not null)
                    {
                        throw StuckGuest(qemu, run, commands, fatal);
                    }

                    if (!exited)
                    {
                        // A caller's deadline: what the guest printed so far says where it stuck.
                        Kill(qemu);
                        LastConsoleLog = ReadConsoleLog(run);
                        ct.ThrowIfCancellationRequested();
                    }

                    if (qemu.ExitCode != 0)
                    {
                        qemuFailure = $"; qemu-system-x86_64 exited with status {qemu.ExitCode}: {QemuDiagnostics(qemu)}";
                    }
                }
                finally
                {
                    Kill(qemu);
                    ForgetQemu(qemu);
                }
            }
            LastConsoleLog = ReadConsoleLog(run);
            var total = started.Elapsed;
            var results = new List<GuestCommandResult>();
            for (int i = 0; i < commands.Count; i++)
            {
                var result = ReadResult(run, i) ?? throw new VmException(
                    $"the virtual machine did not report the result of command {i + 1} ({string.Join(' ', commands[i])})" + qemuFailure + FatalConsoleTail(),
                    guestNeverStarted: !File.Exists(Path.Combine(run, "job", "0.start")))
                { Completed = results };
                results.Add(result);
            }
            double uptime = commands.Count > 0 ? ParseDouble(File.ReadAllText(Path.Combine(run, "job", "0.start"))) : 0;
            var timings = new GuestTimings(TimeSpan.Zero, uptime, total);
            LastTimings = timings;
            return new GuestBatchResult(results, timings);
        }
        finally
        {
            RemoveRunDirectory(run);
        }
    }

    /// <summary>Command <paramref name="i"/>'s result from the job directory, or null when it never finished.</summary>
    static GuestCommandResult? ReadResult(string run, int i)
    {
        var job = Path.Combine(run, "job");
        var rcFile = Path.Combine(job, i + ".rc");
        if (!File.Exists(rcFile))
        {
            return null;
        }

        var kmsg = Path.Combine(job, i + ".kmsg");
        return new GuestCommandResult(
            File.ReadAllBytes(Path.Combine(job, i + ".out")),
            File.ReadAllBytes(Path.Combine(job, i + ".err")),
            int.Parse(File.ReadAllText(rcFile).Trim(), CultureInfo.InvariantCulture))
        { KernelLog = File.Exists(kmsg) ? File.ReadAllText(kmsg) : "" };
    }

    int RunCore(GuestRequest request, Stream stdout, Stream stderr, CancellationToken ct, CancellationToken kill)
    {
        if (request.GuestCommand.Count == 0)
        {
            throw new VmException("no command to run in the virtual machine");
        }

        var kernel = InstalledKernels.Resolve(request.KernelRelease);
        var initrd = Initramfs.GetOrBuild(kernel, CacheDirectory);
        var run = CreateRunDirectory();
        Process? qemu = null;
        var sockets = new List<Socket>();
        try
        {
            var script = new StringBuilder(JobPrologue(request.WorkingDirectory, request.Environment));
            script.Append($$"""
                port() { for p in /sys/class/virtio-ports/*; do [ "$(cat $p/name 2>/dev/null)" = "$1" ] && { echo /dev/${p##*/}; return; }; done; }
                OUT=$(port {{PortOut}}); ERR=$(port {{PortErr}}); CTL=$(port {{PortCtl}})
                exec 3<>"$CTL"
                echo "ready $(cut -d' ' -f1 /proc/uptime)" >&3
                hostcmd
                """);
            foreach (var arg in request.GuestCommand)
            {
                script.Append(' ').Append(ShellQuote(arg));
            }

            if (request.StandardInput is { } input)
            {
                File.WriteAllBytes(Path.Combine(run, "job", "stdin"), input);
            }
            script.Append(request.StandardInput is null ? " </dev/null" : " </job/stdin");
            script.Append("""
                 >"$OUT" 2>"$ERR" 3>&- &
                pid=$!
                ( while read -r l; do case "$l" in term) kill -TERM $pid;; kill) kill -KILL $pid;; esac; done ) <&3 &
                reader=$!
                wait $pid
                rc=$?
                kill $reader 2>/dev/null
                echo "status $rc" >&3
                read -t 10 l <&3

                """);
            File.WriteAllText(Path.Combine(run, "job", "job.sh"), script.ToString());

            var started = Stopwatch.StartNew();
            qemu = StartQemu(kernel, initrd, run, request.Cpus, request.MemoryMegabytes, withPorts: true, request.KernelArguments);
            var qemuForExit = qemu;
            using var onExit = new ProcessExitGuard(() => Kill(qemuForExit));

            var connectDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            var outSocket = Connect(Path.Combine(run, "out.sock"), qemu, connectDeadline);
            sockets.Add(outSocket);
            var errSocket = Connect(Path.Combine(run, "err.sock"), qemu, connectDeadline);
            sockets.Add(errSocket);
            var ctlSocket = Connect(Path.Combine(run, "ctl.sock"), qemu, connectDeadline);
            sockets.Add(ctlSocket);

            long lastData = Stopwatch.GetTimestamp();
            Task Pump(Socket s, Stream target) => Task.Run(() =>
            {
                var buffer = new byte[65536];
                try
                {
                    int n;
                    while ((n = s.Receive(buffer)) > 0)
                    {
                        lock (target)
                        {
                            target.Write(buffer, 0, n);
                            target.Flush();
                        }
                        Interlocked.Exchange(ref lastData, Stopwatch.GetTimestamp());
                    }
                }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            });
            var outPump = Pump(outSocket, stdout);
            var errPump = Pump(errSocket, stderr);

            int? status = null;
            var readySeen = false;
            var statusSeen = new ManualResetEventSlim();
            var ctlReader = Task.Run(() =>
            {
                try
                {
                    using var reader = new StreamReader(new NetworkStream(ctlSocket, ownsSocket: false), Encoding.ASCII);
                    string? line;
                    while ((line = reader.ReadLine()) is not null)
                    {
                        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (parts.Length == 2 && parts[0] == "ready")
                        {
                            readySeen = true;
                            LastTimings = new GuestTimings(started.Elapsed, ParseDouble(parts[1]), TimeSpan.Zero);
                            Ready?.Invoke();
                        }
                        else if (parts.Length == 2 && parts[0] == "status" && int.TryParse(parts[1], out var rc))
                        {
                            status = rc;
                            statusSeen.Set();
                        }
                    }
                }
                catch (IOException) { }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
                statusSeen.Set();
            });

            bool termSent = false;
            DateTime? killAt = null;
            while (!qemu.HasExited)
            {
                if (statusSeen.IsSet && status is not null)
                {
                    // Let the output ports drain, then release the guest so it powers off.
                    while (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastData)) < TimeSpan.FromMilliseconds(200) && !qemu.HasExited)
                    {
                        Thread.Sleep(50);
                    }

                    TrySend(ctlSocket, "bye\n");
                    if (!qemu.WaitForExit(TimeSpan.FromSeconds(20)))
                    {
                        Kill(qemu);
                    }

                    break;
                }
                if (kill.IsCancellationRequested || (killAt is not null && DateTime.UtcNow >= killAt))
                {
                    Kill(qemu);
                    break;
                }
                if (ct.IsCancellationRequested && !termSent)
                {
                    termSent = true;
                    TrySend(ctlSocket, "term\n");
                    killAt = DateTime.UtcNow + GracePeriod;
                }
                if (statusSeen.IsSet)
                {
                    Thread.Sleep(100); // control channel closed without a status: wait for QEMU to go
                }
                else
                {
                    statusSeen.Wait(TimeSpan.FromMilliseconds(100));
                }
            }
            qemu.WaitForExit();
            foreach (var s in sockets)
            {
                try { s.Shutdown(SocketShutdown.Both); }
                catch (SocketException) { }
            }
            Task.WaitAll([outPump, errPump, ctlReader], TimeSpan.FromSeconds(10));
            LastConsoleLog = ReadConsoleLog(run);
            if (LastTimings is { } t)
            {
                LastTimings = t with { Total = started.Elapsed };
            }

            foreach (var (name, hostPath) in request.CollectFiles ?? new Dictionary<string, string>())
            {
                if (name.EndsWith('*'))
                {
                    // A prefix: every file the guest wrote under it, to hostPath plus what followed the prefix.
                    var prefix = Path.GetFileName(name)[..^1];
                    // Filtered here: .NET's own pattern reads "NAME.*" as also matching "NAME".
                    foreach (var file in Directory.GetFiles(Path.Combine(run, "job")).Where(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal)))
                    {
                        File.Copy(file, hostPath + Path.GetFileName(file)[prefix.Length..], overwrite: true);
                    }
                    continue;
                }
                var produced = Path.Combine(run, "job", Path.GetFileName(name));
                if (File.Exists(produced))
                {
                    File.Copy(produced, hostPath, overwrite: true);
                }
            }
            if (status is int code)
            {
                return code;
            }

            if (termSent)
            {
                throw new VmException("the virtual machine was stopped before the command finished");
            }

            throw new VmException("the virtual machine stopped without reporting the command's exit status" + ConsoleTail(),
                guestNeverStarted: !readySeen && !kill.IsCancellationRequested);
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }

            if (qemu is not null)
            {
                Kill(qemu);
                ForgetQemu(qemu);
                qemu.Dispose();
            }
            RemoveRunDirectory(run);
        }
    }

    /// <summary>Shell functions shared by the job scripts: hostcmd ARGV execs ARGV chrooted into the host root (call it in a subshell or background job, so the pid is the command's).</summary>
    static string JobPrologue(string? workingDirectory, IReadOnlyDictionary<string, string>? extra)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = "/tmp",
            ["TERM"] = System.Environment.GetEnvironmentVariable("TERM") ?? "dumb",
            ["LANG"] = System.Environment.GetEnvironmentVariable("LANG") ?? "C.UTF-8",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        foreach (var name in new[] { "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_TieredPGO", "DOTNET_TieredCompilation", "DOTNET_ReadyToRun", "STAPPER_DEBUG" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                env[name] = value;
            }
        }
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
            {
                env[k] = v;
            }
        }
        var cwd = workingDirectory ?? System.Environment.CurrentDirectory;
        var sb = new StringBuilder("hostcmd() { exec /bin/busybox env -i");
        foreach (var (k, v) in env)
        {
            sb.Append(' ').Append(ShellQuote(k + "=" + v));
        }

        sb.Append(" /bin/busybox chroot /host /bin/sh -c 'cd -- \"$0\" 2>/dev/null || cd /; exec \"$@\"' ")
          .Append(ShellQuote(cwd)).Append(" \"$@\"; }\n");
        return sb.ToString();
    }

    internal static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    Process StartQemu(InstalledKernel kernel, string initrd, string run, int cpus, int memoryMegabytes, bool withPorts, string? kernelArguments = null)
    {
        var qemuPath = FindOnPath("qemu-system-x86_64")
            ?? throw new VmException("qemu-system-x86_64 is not installed (needed for --vm)");
        if (RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new VmException("--vm currently supports x86_64 hosts only");
        }

        var setsid = FindOnPath("setsid");
        var psi = new ProcessStartInfo(setsid ?? qemuPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var args = psi.ArgumentList;
        if (setsid is not null)
        {
            args.Add(qemuPath); // own session: a terminal's Ctrl-C reaches us, not QEMU
        }

        foreach (var a in QemuArguments(kernel, initrd, run, cpus, memoryMegabytes, withPorts, CacheDirectory, kernelArguments))
        {
            args.Add(a);
        }

        var p = Process.Start(psi) ?? throw new VmException("could not start qemu-system-x86_64");
        p.StandardInput.Close();
        // QEMU's own diagnostics (never the guest's output): kept in memory for error messages.
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        lock (_qemuOutput)
        {
            _qemuOutput[p] = Task.WhenAll(stdoutTask, stderrTask).ContinueWith(_ =>
                (stderrTask.IsCompletedSuccessfully ? stderrTask.Result : "") + (stdoutTask.IsCompletedSuccessfully ? stdoutTask.Result : ""),
                TaskScheduler.Default);
        }

        return p;
    }

    readonly Dictionary<Process, Task<string>> _qemuOutput = [];

    /// <summary>What QEMU printed (after it exited), trimmed; waits briefly for the readers.</summary>
    string QemuDiagnostics(Process p)
    {
        Task<string>? task;
        lock (_qemuOutput)
        {
            _qemuOutput.TryGetValue(p, out task);
        }

        if (task is null || !task.Wait(TimeSpan.FromSeconds(5)))
        {
            return "(no diagnostics)";
        }

        var text = task.Result.Trim();
        return text.Length == 0 ? "(no diagnostics)" : text;
    }

    /// <summary>Waits for QEMU's output readers, so nothing writes into the run directory afterwards.</summary>
    void ForgetQemu(Process p)
    {
        Task<string>? task;
        lock (_qemuOutput)
        {
            _qemuOutput.Remove(p, out task);
        }
        task?.Wait(TimeSpan.FromSeconds(5));
    }

    static void TrySend(Socket s, string text)
    {
        try { s.Send(Encoding.ASCII.GetBytes(text)); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    static string? FindOnPath(string name)
    {
        foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            if (dir.Length == 0)
            {
                continue;
            }

            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        foreach (var dir in new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin" })
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    string CreateRunDirectory()
    {
        // Short path: Unix socket paths are limited to 108 bytes.
        var run = Path.Combine(Path.GetTempPath(), "stapper-vm-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(run, "job"));
        return run;
    }

    void RemoveRunDirectory(string run)
    {
        if (KeepRunDirectory)
        {
            return;
        }

        try { Directory.Delete(run, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    static string ReadConsoleLog(string run)
    {
        try
        {
            var path = Path.Combine(run, "console.log");
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException) { return ""; }
    }

    string ConsoleTail()
    {
        var lines = LastConsoleLog.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r')).Where(l => !l.Contains('\u001b')).TakeLast(8).ToList();
        return lines.Count == 0 ? "" : "; guest console:\n" + string.Join('\n', lines);
    }

    static double ParseDouble(string s) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;

    static void WriteError(Stream stderr, string message)
    {
        var bytes = Encoding.UTF8.GetBytes("ERROR: " + message + "\n");
        lock (stderr)
        {
            stderr.Write(bytes);
            stderr.Flush();
        }
    }

    /// <summary>Kills QEMU if our process exits while it still runs.</summary>
    sealed class ProcessExitGuard : IDisposable
    {
        readonly Action _action;
        readonly EventHandler _handler;

        public ProcessExitGuard(Action action)
        {
            _action = action;
            _handler = (_, _) => _action();
            AppDomain.CurrentDomain.ProcessExit += _handler;
        }

        public void Dispose() => AppDomain.CurrentDomain.ProcessExit -= _handler;
    }
}
