using System.Text;
using System.Text.RegularExpressions;

namespace Stapper.Vm;

/// <summary>
/// Reads the guest console while a batch runs and spots the reports after which the guest will not finish its commands
/// in time (a soft or hard lockup, an RCU stall, a panic), so the batch fails at once with the console's tail instead
/// of running into its deadline. Lesser reports (a WARNING, a BUG the kernel survives) are left to
/// <see cref="KernelLogCheck"/>, which lays them at the door of the command that caused them.
/// </summary>
public sealed partial class GuestConsoleWatch(string consoleLogPath)
{
    [GeneratedRegex(@"soft lockup|hard LOCKUP|rcu: INFO: rcu_\w+ (self-)?detected stall|INFO: rcu_\w+ (self-)?detected stall|rcu: INFO:|Kernel panic")]
    private static partial Regex Fatal();

    [GeneratedRegex(@"\[\s*\d+\.\d+\]")]
    private static partial Regex Timestamp();

    long _offset;
    string _partial = "";

    /// <summary>The first console line of <paramref name="text"/> that says the guest is stuck or dead, or null.</summary>
    public static string? FatalLine(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (Fatal().Match(line) is { Success: true } match)
            {
                // The first kernel line can share its console line with the firmware's last words ("Booting from ROM..").
                var stamp = Timestamp().Matches(line[..match.Index]).LastOrDefault();
                return stamp is null ? line : line[stamp.Index..];
            }
        }
        return null;
    }

    /// <summary>Reads what the console gained since the last call; returns its first fatal line, or null.</summary>
    public string? Poll()
    {
        string added;
        try
        {
            using var file = new FileStream(consoleLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= _offset)
            {
                return null;
            }

            file.Seek(_offset, SeekOrigin.Begin);
            var bytes = new byte[file.Length - _offset];
            int read = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            _offset += read;
            added = Encoding.UTF8.GetString(bytes, 0, read);
        }
        catch (IOException)
        {
            return null;
        }

        // Only whole lines are judged: a line cut by the read is kept for the next call.
        var text = _partial + added;
        var lastNewline = text.LastIndexOf('\n');
        _partial = lastNewline < 0 ? text : text[(lastNewline + 1)..];
        return lastNewline < 0 ? null : FatalLine(text[..lastNewline]);
    }

    /// <summary>
    /// <paramref name="count"/> lines of the console from its first fatal line on (the last ones if there is none),
    /// without escape sequences, for an error message.
    /// </summary>
    public static string Tail(string console, int count = 40)
    {
        var lines = console.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.Contains('\u001b')).ToList();
        var first = lines.FindIndex(l => Fatal().IsMatch(l));
        return string.Join('\n', first < 0 ? lines.TakeLast(count) : lines.Skip(first).Take(count));
    }
}
