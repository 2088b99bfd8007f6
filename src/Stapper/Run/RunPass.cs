using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Stapper.Run;

/// <summary>Options of pass 5 (stap -o, -c, -x, -T, -s, -v).</summary>
public sealed record RunOptions(string? OutputFile, string? TargetCommand, int? TargetPid, int? TimeoutSeconds, int BufferMegabytes, int Verbosity)
{
    /// <summary>-S: rotate the -o file (FILE.0, FILE.1, ...); null writes FILE itself.</summary>
    public OutputRotation? Rotation { get; init; }

    /// <summary>-G VAR=VAL: the script's scalar globals are module parameters, set by the load.</summary>
    public ImmutableArray<string> GlobalSettings { get; init; } = [];

    /// <summary>-b: one output file per CPU (<see cref="BulkOutput"/>).</summary>
    public bool Bulk { get; init; }

    /// <summary>-F: load, start and detach; the module runs on until <c>stapper -A</c> (with -o, a background one).</summary>
    public bool FlightRecorder { get; init; }
}

/// <summary>Exit status (0 when the module printed no ERROR, as staprun decides) and the printed-error / skipped-probe counts.</summary>
public sealed record RunResult(int ExitCode, int Errors, int Skipped);

/// <summary>
/// Pass 5: loads NAME.ko, relays /proc/NAME/out to stdout (or -o FILE) and /proc/NAME/err to stderr, runs system()'s
/// commands from /proc/NAME/cmd (SystemCommands), starts the probes,
/// waits for exit() / the -c command / -T / SIGINT / SIGTERM, stops the probes (end probes run), drains and unloads.
/// </summary>
public sealed partial class RunPass
{
    /// <summary>Root of the module's control files; /proc/NAME/{ctl,out,err,cmd}.</summary>
    internal string ProcRoot { get; init; } = "/proc";

    /// <summary>Where the kernel lists loaded modules; absent when it cannot load any.</summary>
    internal string ProcModules { get; init; } = "/proc/modules";

    /// <summary>Effective user id; injectable for tests.</summary>
    internal Func<uint> EffectiveUserId { get; init; } = Native.GetEuid;

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex ModuleNamePattern();

    const string VmHint = "run with --vm to use a kernel in a virtual machine";

    /// <summary>Runs the module. Never throws for run-time failures: they become "ERROR: ..." lines and status 1.</summary>
    public RunResult Run(string modulePath, RunOptions options, Stream stdout, Stream stderr) =>
        Execute(new Session(this, modulePath, options, stdout, stderr));

    /// <summary>stapper -A NAME: takes over a module that -F left running, relays its output, ends it as a run ends.</summary>
    public RunResult Attach(string moduleName, RunOptions options, Stream stdout, Stream stderr) =>
        Execute(new Session(this, moduleName, options, stdout, stderr) { Attaching = true });

    static RunResult Execute(Session session)
    {
        try
        {
            return session.Execute();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            session.Error(e is RunException ? e.Message : "pass 5 failed: " + e.Message);
            return new RunResult(1, session.Errors, session.Skipped);
        }
        finally
        {
            session.Cleanup();
        }
    }

    /// <summary>Why this kernel cannot load modules (with the --vm hint), or null when it presumably can.</summary>
    internal string? CannotLoadReason()
    {
        if (!File.Exists(ProcModules))
        {
            return $"this kernel cannot load modules ({ProcModules} is absent): {VmHint}";
        }

        if (EffectiveUserId() != 0)
        {
            return $"loading kernel modules needs root privileges (running as uid {EffectiveUserId()}): run as root, or {VmHint}";
        }

        return null;
    }

    sealed class RunException(string message) : Exception(message);

    /// <summary>State of one run; Cleanup() always unloads what Execute() loaded.</summary>
    sealed partial class Session(RunPass pass, string modulePath, RunOptions options, Stream stdout, Stream stderr)
    {
        /// <summary>-A: modulePath is the name of a loaded module to take over, not a file to load.</summary>
        public bool Attaching { get; init; }

        public int Errors, Skipped;
        string _name = "";
        bool _loaded, _started, _stopped;
        int _ctl = -1, _out = -1, _err = -1, _watch = -1, _cmd = -1;
        RotatingOutputStream? _outputFile;
        BulkOutput? _bulk;
        Process? _target;
        Task? _targetPump;
        Thread? _outPump, _errPump, _cmdPump;
        volatile int _signal;
        readonly ManualResetEventSlim _wake = new();

        void Verbose(int level, string text)
        {
            if (options.Verbosity >= level)
            {
                WriteText(stderr, text + "\n");
            }
        }

        public void Error(string message) => WriteText(stderr, "ERROR: " + message + "\n");
        void Warning(string message) => WriteText(stderr, "WARNING: " + message + "\n");

        static void WriteText(Stream s, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            WriteBytes(s, bytes, bytes.Length);
        }

        static void WriteBytes(Stream s, byte[] data, int count)
        {
            lock (s)
            {
                s.Write(data, 0, count);
                s.Flush();
            }
        }

        public RunResult Execute()
        {
            var file = Path.GetFileName(modulePath);
            _name = file.EndsWith(".ko", StringComparison.Ordinal) ? file[..^3] : file;
            if (!ModuleNamePattern().IsMatch(_name))
            {
                throw new RunException($"invalid module name '{_name}' (module file names must be NAME.ko with NAME made of [A-Za-z0-9_])");
            }

            if (!Attaching && !File.Exists(modulePath))
            {
                throw new RunException($"cannot open module file {modulePath}: no such file");
            }

            if (pass.CannotLoadReason() is { } reason)
            {
                throw new RunException(reason);
            }

            CheckOptions();
            if (Attaching && !Directory.Exists(Path.Combine(pass.ProcRoot, _name)))
            {
                throw new RunException($"module {_name} is not running (-A attaches to a module that stapper -F left running)");
            }

            var bulk = options.Bulk || (Attaching && BulkModeOf(_name));
            var output = options.FlightRecorder ? Stream.Null : OpenOutput(bulk);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
            // switch_file(): the -o file moves on at the next write (as stapio; without -o, nothing to switch).
            using var sigusr2 = PosixSignalRegistration.Create((PosixSignal)Native.SIGUSR2, context =>
            {
                context.Cancel = true;
                _outputFile?.RequestSwitch();
            });

            _readsStdin = !Attaching && ModuleReadsStdin(modulePath);
            int targetPid = options.TargetPid ?? 0;
            if (options.TargetCommand is not null)
            {
                targetPid = StartTarget(options.TargetCommand, stdout);
            }

            if (!Attaching)
            {
                Load(targetPid, bulk);
            }
            _ctl = OpenProc("ctl", Native.O_RDWR);
            if (!options.FlightRecorder)
            {
                OpenTransport(output);
            }

            var command = Attaching ? "attach" : "start";
            Verbose(2, $"Pass 5: {command}ing module {_name}" + (targetPid != 0 ? $" (target pid {targetPid})" : ""));
            var rc = Native.WriteAll(_ctl, command + "\n");
            if (rc < 0 && Attaching)
            {
                throw new RunException(AttachFailure(-rc));
            }
            // Attached, the module is this run's to stop and unload, as one it loaded.
            _loaded = true;
            _started = true;
            if (rc < 0)
            {
                KillTarget();
                Stop();
                // As staprun: a module that said why it could not start (a probe's registration error) says it alone.
                if (Errors == 0)
                {
                    Error($"starting module {_name} failed: {Native.StrError(-rc)}");
                }
                return new RunResult(1, Errors, Skipped);
            }
            if (_readsStdin)
            {
                StartStdinRelay();
            }
            if (_target is not null)
            {
                Native.Kill(_target.Id, Native.SIGCONT);
            }

            if (options.FlightRecorder)
            {
                return Detach();
            }

            var why = WaitForEnd();
            Verbose(2, $"Pass 5: stopping module {_name} ({why})");
            Stop();
            return new RunResult(TargetStatus(why), Errors, Skipped);
        }

        void CheckOptions()
        {
            if (options.TargetCommand is not null && options.TargetPid is not null)
            {
                throw new RunException("-c and -x cannot be used together");
            }

            if (options.TargetPid is int xpid && (xpid <= 0 || !Directory.Exists(Path.Combine(pass.ProcRoot, xpid.ToString(CultureInfo.InvariantCulture)))))
            {
                throw new RunException($"-x {xpid}: no such process");
            }

            if (options.Rotation is not null && options.OutputFile is null)
            {
                throw new RunException("You have to specify output FILE with '-S' option.");
            }
        }

        /// <summary>stdout, the -o file, its -S rotation, or (-b) the per-CPU files.</summary>
        Stream OpenOutput(bool bulk)
        {
            if (options.OutputFile is null && !bulk)
            {
                return stdout;
            }
            try
            {
                if (bulk)
                {
                    _bulk = new BulkOutput(options.OutputFile, BulkOutput.OnlineCpus());
                    return Stream.Null;
                }
                return _outputFile = new RotatingOutputStream(options.OutputFile!, options.Rotation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RunException($"cannot open output file {options.OutputFile ?? BulkOutput.FileName(null, 0)}: {e.Message}");
            }
        }

        /// <summary>Opens the module's out, err and cmd files and starts relaying them.</summary>
        void OpenTransport(Stream output)
        {
            _watch = OpenProc("ctl", Native.O_RDONLY | Native.O_NONBLOCK);
            _out = OpenProc("out", Native.O_RDONLY);
            _err = OpenProc("err", Native.O_RDONLY);
            _outPump = _bulk is { } bulk
                ? StartPump(_out, "out", (buffer, n) => bulk.Take(buffer.AsSpan(0, n)))
                : StartPump(_out, output, "out");
            _errPump = StartPump(_err, stderr, "err");
            // system()'s commands; a module without the file (built by an older stapper) has none.
            _cmd = Native.Open(Path.Combine(pass.ProcRoot, _name, "cmd"), Native.O_RDONLY);
            if (_cmd >= 0)
            {
                var commands = new SystemCommands { Error = Error };
                _cmdPump = StartPump(_cmd, "cmd", (buffer, n) => commands.Take(buffer.AsSpan(0, n)));
            }
        }

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            _signal = (int)context.Signal;
            _wake.Set();
        }

        void Load(int targetPid, bool bulk)
        {
            var parameters = $"_stp_target={targetPid} _stp_bufsize={Math.Max(0, options.BufferMegabytes)} _stp_pid={Environment.ProcessId} {LocalTimeZone.ModuleParameters()}";
            if (bulk)
            {
                parameters += " _stp_bulkmode=1";
            }

            if (options.FlightRecorder)
            {
                parameters += " _stp_flight=1";
            }
            foreach (var setting in options.GlobalSettings)
            {
                parameters += " " + setting;
            }
            int fd = Native.Open(modulePath, Native.O_RDONLY);
            if (fd < 0)
            {
                throw new RunException($"cannot open module file {modulePath}: {Native.StrError(-fd)}");
            }

            int rc;
            try
            {
                Verbose(2, $"Pass 5: loading {modulePath} ({parameters})");
                rc = Native.FinitModule(fd, parameters);
            }
            finally
            {
                Native.Close(fd);
            }
            if (rc == 0)
            {
                _loaded = true;
                return;
            }
            var errno = -rc;
            throw new RunException(errno switch
            {
                Native.ENOSYS => $"this kernel cannot load modules (finit_module: {Native.StrError(errno)}): {VmHint}",
                Native.EPERM => $"this kernel cannot load modules (finit_module: {Native.StrError(errno)}; module loading may be disabled or locked down): {VmHint}",
                Native.EEXIST => $"module {_name} is already loaded (remove it with: rmmod {_name})",
                Native.ENOEXEC => $"cannot insert module {modulePath}: invalid module format (was it built for this kernel, {Environment.OSVersion.Version}?)",
                _ => $"cannot insert module {modulePath}: {Native.StrError(errno)}",
            });
        }

        int OpenProc(string file, int flags)
        {
            var path = Path.Combine(pass.ProcRoot, _name, file);
            int fd = Native.Open(path, flags);
            if (fd < 0)
            {
                throw new RunException($"cannot open {path}: {Native.StrError(-fd)} (module {_name} does not provide the stapper transport)");
            }

            return fd;
        }

        Thread StartPump(int fd, Stream target, string what) => StartPump(fd, what, (buffer, n) => WriteBytes(target, buffer, n));

        Thread StartPump(int fd, string what, Action<byte[], int> take)
        {
            var t = new Thread(() =>
            {
                var buffer = new byte[65536];
                while (true)
                {
                    int n = Native.Read(fd, buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    if (n < 0)
                    {
                        if (-n == Native.EAGAIN)
                        {
                            Thread.Sleep(10);
                            continue;
                        }
                        Error($"reading /proc/{_name}/{what}: {Native.StrError(-n)}");
                        break;
                    }
                    try { take(buffer, n); }
                    catch (IOException) { }
                    catch (ObjectDisposedException) { break; }
                }
            })
            { IsBackground = true, Name = "stapper-" + what };
            t.Start();
            return t;
        }

        /// <summary>Waits for the first reason to stop; returns it for -v.</summary>
        string WaitForEnd()
        {
            var elapsed = Stopwatch.StartNew();
            var buffer = new byte[256];
            while (true)
            {
                if (_signal != 0)
                {
                    return "signal " + _signal;
                }

                if (_target is { HasExited: true })
                {
                    // Relay what the command printed before the end probes' output.
                    _targetPump?.Wait(TimeSpan.FromSeconds(5));
                    return "target command exited";
                }
                if (options.TimeoutSeconds is int t && t > 0 && elapsed.Elapsed >= TimeSpan.FromSeconds(t))
                {
                    return "-T timeout";
                }
                // Like stapio, read the control file every tick even when poll says nothing: the session
                // is alive, and an otherwise idle machine still calls read() (vfs_read probes see it).
                int revents = Native.PollIn(_watch, 100);
                if (revents < 0)
                {
                    throw new RunException($"polling /proc/{_name}/ctl: {Native.StrError(-revents)}");
                }

                int n = Native.Read(_watch, buffer);
                if (n == -Native.EAGAIN)
                {
                    continue;
                }

                if (n < 0)
                {
                    throw new RunException($"reading /proc/{_name}/ctl: {Native.StrError(-n)}");
                }

                var text = Encoding.ASCII.GetString(buffer, 0, n);
                if (text.StartsWith("exit", StringComparison.Ordinal))
                {
                    return "module requested exit";
                }

                if (ParseDone(text))
                {
                    return "module finished";
                }

                if (n == 0)
                {
                    Thread.Sleep(100);
                }
            }
        }

        bool ParseDone(string text)
        {
            foreach (var line in text.Split('\n'))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 3 && parts[0] == "done"
                    && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var e)
                    && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
                {
                    Errors = e;
                    Skipped = s;
                    return true;
                }
            }
            return false;
        }

        /// <summary>write "stop", read "done E S", then wait for out and err to reach EOF.</summary>
        void Stop()
        {
            if (_stopped || _ctl < 0)
            {
                return;
            }

            _stopped = true;
            var rc = Native.WriteAll(_ctl, "stop\n");
            if (rc < 0)
            {
                Error($"stopping module {_name} failed: {Native.StrError(-rc)}");
            }

            var buffer = new byte[256];
            var sb = new StringBuilder();
            var waited = Stopwatch.StartNew();
            bool done = false;
            while (!done && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                int revents = Native.PollIn(_ctl, 500);
                if (revents < 0)
                {
                    break;
                }

                if (revents == 0)
                {
                    continue;
                }

                int n = Native.Read(_ctl, buffer);
                if (n <= 0)
                {
                    if (n < 0)
                    {
                        break;
                    }

                    Thread.Sleep(50);
                    continue;
                }
                sb.Append(Encoding.ASCII.GetString(buffer, 0, n));
                done = ParseDone(sb.ToString());
            }
            if (!done)
            {
                Error($"module {_name} did not report its final status");
            }

            foreach (var pump in new[] { _outPump, _errPump, _cmdPump })
            {
                if (pump is not null && !pump.Join(TimeSpan.FromSeconds(30)))
                {
                    Error($"module {_name} did not finish its output");
                }
            }
        }

        /// <summary>Always runs: stop if started, close the files, unload the module, close -o.</summary>
        public void Cleanup()
        {
            try
            {
                if (_started && !_stopped)
                {
                    Stop();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Error($"stopping module {_name} failed: {e.Message}");
            }
            KillTarget();
            foreach (var fd in new[] { _ctl, _out, _err, _watch, _cmd })
            {
                if (fd >= 0)
                {
                    Native.Close(fd);
                }
            }
            _ctl = _out = _err = _cmd = -1;
            if (_loaded)
            {
                _loaded = false;
                int rc = 0;
                for (int attempt = 0; attempt < 50; attempt++)
                {
                    rc = Native.DeleteModule(_name, Native.O_NONBLOCK);
                    if (rc == 0 || (-rc != Native.EAGAIN && -rc != Native.EBUSY))
                    {
                        break;
                    }

                    Thread.Sleep(100);
                }
                if (rc != 0)
                {
                    Error($"cannot unload module {_name}: {Native.StrError(-rc)}");
                }
                else
                {
                    Verbose(2, $"Pass 5: unloaded module {_name}");
                }
            }
            _outputFile?.Dispose();
            _outputFile = null;
            _bulk?.Dispose();
            _bulk = null;
            _target?.Dispose();
        }
    }
}
