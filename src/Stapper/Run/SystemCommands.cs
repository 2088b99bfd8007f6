using System.Diagnostics;
using System.Text;

namespace Stapper.Run;

/// <summary>
/// The script's system() commands (runtime/stp_system.h): read from /proc/NAME/cmd, each ended by a NUL, and started
/// with <c>sh -c</c> in the background as stapio starts them: standard input, output and error are stapper's own,
/// and nobody waits for them (a command may outlive the run).
/// </summary>
internal sealed class SystemCommands
{
    private readonly List<byte> _pending = [];

    /// <summary>Starts a command; a failure to start is reported through <paramref name="error"/>.</summary>
    public Action<string> Start { get; init; } = StartShell;

    public Action<string> Error { get; init; } = _ => { };

    /// <summary>Takes bytes read from the file; starts every command they complete.</summary>
    public void Take(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b != 0)
            {
                _pending.Add(b);
                continue;
            }
            var command = Encoding.UTF8.GetString([.. _pending]);
            _pending.Clear();
            try
            {
                Start(command);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
            {
                Error($"system(\"{command}\"): {e.Message}");
            }
        }
    }

    private static void StartShell(string command)
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        Process.Start(start)?.Dispose();
    }
}
