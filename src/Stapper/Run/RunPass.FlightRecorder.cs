using System.Diagnostics;
using System.Globalization;

namespace Stapper.Run;

public sealed partial class RunPass
{
    /// <summary>Where the kernel shows a loaded module's parameters (-A reads _stp_bulkmode there).</summary>
    internal string SysModuleRoot { get; init; } = "/sys/module";

    /// <summary>
    /// -F, stap's flight recorder: the module is told to run on without an owner ("detach": its rings then keep the
    /// newest output), and this stapper leaves it loaded. Without -o, staprun -L's message names the module for
    /// <c>stapper -A</c>; with -o, as staprun -D, a background <c>stapper -A NAME -o FILE</c> writes the file, and its
    /// pid is printed.
    /// </summary>
    sealed partial class Session
    {
        RunResult Detach()
        {
            var rc = Native.WriteAll(_ctl, "detach\n");
            if (rc < 0)
            {
                Error($"detaching from module {_name} failed: {Native.StrError(-rc)}");
                return new RunResult(1, Errors, Skipped);
            }
            // The module runs on: Cleanup neither stops nor unloads it.
            _started = false;
            _loaded = false;
            if (options.OutputFile is null)
            {
                WriteText(stderr, $"\nDisconnecting from systemtap module.\nTo reconnect, type \"stapper -A {_name}\"\n");
                return new RunResult(0, 0, 0);
            }
            WriteText(stdout, StartBackgroundReader().ToString(CultureInfo.InvariantCulture) + "\n");
            return new RunResult(0, 0, 0);
        }

        /// <summary>Starts <c>stapper -A NAME -o FILE</c> in its own session, stdio on /dev/null; returns its pid.</summary>
        int StartBackgroundReader()
        {
            var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("trap '' HUP; (if command -v setsid >/dev/null 2>&1; then exec setsid \"$@\"; else exec \"$@\"; fi) "
                + "</dev/null >/dev/null 2>&1 & echo $!");
            psi.ArgumentList.Add("sh");
            foreach (var word in RunModuleCommand.StapperCommand())
            {
                psi.ArgumentList.Add(word);
            }
            psi.ArgumentList.Add("-A");
            psi.ArgumentList.Add(_name);
            psi.ArgumentList.Add("-o");
            psi.ArgumentList.Add(Path.GetFullPath(options.OutputFile!));
            if (options.Rotation is { } rotation)
            {
                psi.ArgumentList.Add("-S");
                psi.ArgumentList.Add(rotation.Argument);
            }
            using var shell = Process.Start(psi) ?? throw new RunException("cannot start the background stapper");
            var pid = shell.StandardOutput.ReadLine();
            shell.WaitForExit();
            return int.TryParse(pid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new RunException($"cannot start the background stapper for module {_name}");
        }

        /// <summary>Whether the loaded module writes per-CPU records (it was loaded with -b).</summary>
        bool BulkModeOf(string name)
        {
            try
            {
                return File.ReadAllText(Path.Combine(pass.SysModuleRoot, name, "parameters", "_stp_bulkmode")).Trim() == "1";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        string AttachFailure(int errno) => errno switch
        {
            Native.EBUSY => $"module {_name} already has a stapper attached",
            Native.ESRCH => $"module {_name} has already ended its run",
            Native.EINVAL => $"module {_name} cannot be attached to (it was not built by this stapper)",
            _ => $"attaching to module {_name} failed: {Native.StrError(errno)}",
        };
    }
}
