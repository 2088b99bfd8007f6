using System.Diagnostics;
using System.Globalization;

namespace Stapper.Run;

public sealed partial class RunPass
{
    /// <summary>The -c command: started stopped, continued once the probes are registered, its status in the run's.</summary>
    sealed partial class Session
    {
        // The launcher, as staprun's fork: named stapio until it execs (process.begin runs for it as it is when the probes
        // start), stopped until then; $1 says how it ends: exec the words, or print staprun's error and exit 1.
        const string Launcher = """
            { printf stapio >/proc/self/comm; } 2>/dev/null
            mode=$1 message=$2; shift 2
            [ "$mode" = early ] && printf '%s' "$message" >&2
            kill -STOP $$
            [ "$mode" = exec ] && exec "$@"
            [ "$mode" = late ] && printf '%s\n' "$message" >&2
            exit 1
            """;

        /// <summary>Starts the launcher of <paramref name="command"/> (staprun's start_cmd): stopped until the probes are
        /// registered, then it execs the command's words, or <c>sh -c COMMAND</c> when it has shell syntax.</summary>
        int StartTarget(string command, Stream relay)
        {
            var psi = new ProcessStartInfo("/bin/sh")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                // stdin is the script's when it reads it (input.*): the command gets an empty one, as under stap.
                RedirectStandardInput = _readsStdin,
            };
            var (argv, error) = TargetWords.Split(command);
            // execvp's failure comes after the probes started, as perror(COMMAND) does in staprun's child.
            var mode = error is not null ? "early" : TargetWords.Resolve(argv![0]) is null ? "late" : "exec";
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(Launcher);
            psi.ArgumentList.Add("stapio");
            psi.ArgumentList.Add(mode);
            psi.ArgumentList.Add(error ?? (mode == "late" ? command + ": No such file or directory" : ""));
            foreach (var word in argv ?? [])
            {
                psi.ArgumentList.Add(word);
            }
            try
            {
                _target = Process.Start(psi) ?? throw new RunException($"cannot start -c command: {command}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new RunException($"cannot start -c command: {e.Message}");
            }
            if (_readsStdin)
            {
                _target.StandardInput.Close();
            }
            _target.EnableRaisingEvents = true;
            _target.Exited += (_, _) => _wake.Set();
            var childOut = _target.StandardOutput.BaseStream;
            _targetPump = Task.Run(() =>
            {
                var buffer = new byte[65536];
                int n;
                try
                {
                    while ((n = childOut.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        WriteBytes(relay, buffer, n);
                    }
                }
                catch (IOException) { }
            });
            var deadline = Stopwatch.StartNew();
            while (!IsStopped(_target.Id))
            {
                if (_target.HasExited)
                {
                    throw new RunException($"-c command exited before it could be started: {command}");
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new RunException($"-c command did not get ready: {command}");
                }

                Thread.Sleep(5);
            }
            return _target.Id;
        }

        bool IsStopped(int pid)
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(pass.ProcRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
                var close = stat.LastIndexOf(')');
                return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'T' or 't';
            }
            catch (IOException)
            {
                return false;
            }
        }

        /// <summary>How long a -c command may go on after the script ended (its last output still relayed) before it is killed.</summary>
        static readonly TimeSpan TargetGrace = TimeSpan.FromSeconds(1);

        void KillTarget()
        {
            if (_target is { HasExited: false })
            {
                Native.Kill(_target.Id, Native.SIGKILL);
            }
        }

        /// <summary>0, or 1 after printed errors or when the -c command failed (with staprun's warning).</summary>
        int TargetStatus(string why)
        {
            int status = Errors == 0 ? 0 : 1;
            if (_target is null)
            {
                return status;
            }
            if (!_target.HasExited && why != "target command exited" && !_target.WaitForExit(TargetGrace))
            {
                // The script ended first. staprun leaves the command running; stapper's relay of its output ends
                // here (and a --vm guest powers off), so a command still running after the grace is killed.
                KillTarget();
            }
            _target.WaitForExit();
            _targetPump?.Wait(TimeSpan.FromSeconds(5));
            if (why == "target command exited" && _target.ExitCode != 0)
            {
                var code = _target.ExitCode;
                if (code > 128 && code < 128 + 65)
                {
                    Warning($"Child process exited with signal {code - 128} ({SignalName(code - 128)})");
                }
                else
                {
                    Warning($"Child process exited with status {code}");
                }

                status = 1;
            }
            return status;
        }

        static string SignalName(int signal) => signal switch
        {
            1 => "Hangup",
            2 => "Interrupt",
            3 => "Quit",
            4 => "Illegal instruction",
            6 => "Aborted",
            8 => "Floating point exception",
            9 => "Killed",
            11 => "Segmentation fault",
            13 => "Broken pipe",
            14 => "Alarm clock",
            15 => "Terminated",
            _ => "signal " + signal,
        };
    }
}
