using System.Diagnostics;

namespace Stapper.Vm;

/// <summary>A batch's wait for QEMU, watching the console for a guest that is stuck (<see cref="GuestConsoleWatch"/>).</summary>
public sealed partial class GuestRunner
{
    /// <summary>After a fatal line, how long the console gets to print the backtrace that follows it.</summary>
    internal TimeSpan FatalReportGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Waits for QEMU to exit (true), for <paramref name="ct"/> (false) or for a lockup, stall or panic on the console
    /// (false, with the console line in <paramref name="fatal"/>).
    /// </summary>
    static bool WaitForExit(Process p, CancellationToken ct, GuestConsoleWatch watch, out string? fatal)
    {
        fatal = null;
        for (int tick = 0; !p.WaitForExit(100); tick++)
        {
            if (ct.IsCancellationRequested)
            {
                return false;
            }

            // The console is read twice a second: a stuck guest is found within that, without reading it 10 times.
            if (tick % 5 == 4 && (fatal = watch.Poll()) is not null)
            {
                return false;
            }
        }
        p.WaitForExit();
        return true;
    }

    /// <summary>
    /// The console's end for a guest that stopped early; when it panicked (and, with panic=-1, powered off at once), the
    /// console from the panic's first report on, which the last lines alone would cut off.
    /// </summary>
    string FatalConsoleTail() => GuestConsoleWatch.FatalLine(LastConsoleLog) is { } fatal
        ? $"; the guest kernel reported \"{fatal.Trim()}\"; guest console:\n" + GuestConsoleWatch.Tail(LastConsoleLog)
        : ConsoleTail();

    /// <summary>Stops a guest whose console reported <paramref name="fatal"/> and says which command it was running.</summary>
    VmException StuckGuest(Process qemu, string run, IReadOnlyList<IReadOnlyList<string>> commands, string fatal)
    {
        qemu.WaitForExit(FatalReportGrace);
        Kill(qemu);
        LastConsoleLog = ReadConsoleLog(run);
        var job = Path.Combine(run, "job");
        var running = Enumerable.Range(0, commands.Count)
            .LastOrDefault(i => File.Exists(Path.Combine(job, i + ".start")) && !File.Exists(Path.Combine(job, i + ".rc")), -1);
        var where = running < 0 ? "" : $" while command {running + 1} of {commands.Count} ran ({string.Join(' ', commands[running])})";
        var completed = new List<GuestCommandResult>();
        while (completed.Count < commands.Count && ReadResult(run, completed.Count) is { } result)
        {
            completed.Add(result);
        }
        return new VmException($"the guest kernel reported \"{fatal.Trim()}\"{where}; the batch was stopped; guest console:\n"
            + GuestConsoleWatch.Tail(LastConsoleLog))
        { Completed = completed };
    }
}
