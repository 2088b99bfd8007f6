using System.Globalization;

namespace Stapper.Run;

/// <summary>
/// The hidden command line that runs pass 5 alone on an already-built module; it is what --vm runs in the guest:
/// <c>stapper --run-module=/abs/NAME.ko [-o FILE] [-c CMD] [-x PID] [-T SECS] [-s MB] [-v...]</c>.
/// </summary>
public static class RunModuleCommand
{
    public const string Option = "--run-module";

    /// <summary>True when <paramref name="args"/> asks for --run-module (the driver then calls <see cref="Execute"/>).</summary>
    public static bool IsRunModule(IReadOnlyList<string> args) =>
        args.Any(a => a == Option || a.StartsWith(Option + "=", StringComparison.Ordinal));

    /// <summary>Parses the arguments, runs pass 5 on the console streams and returns the exit status.</summary>
    public static int Execute(IReadOnlyList<string> args)
    {
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        if (!TryParse(args, out var module, out var options, out var error))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes("ERROR: " + error + "\n");
            stderr.Write(bytes);
            return 1;
        }
        return new RunPass().Run(module, options, stdout, stderr).ExitCode;
    }

    /// <summary>Arguments (after the program) that make a stapper process run <paramref name="modulePath"/> with <paramref name="options"/>.</summary>
    public static IReadOnlyList<string> Arguments(string modulePath, RunOptions options)
    {
        var args = new List<string> { Option + "=" + Path.GetFullPath(modulePath) };
        if (options.OutputFile is not null)
            args.AddRange(["-o", Path.GetFullPath(options.OutputFile)]);
        if (options.TargetCommand is not null)
            args.AddRange(["-c", options.TargetCommand]);
        if (options.TargetPid is int pid)
            args.AddRange(["-x", pid.ToString(CultureInfo.InvariantCulture)]);
        if (options.TimeoutSeconds is int t)
            args.AddRange(["-T", t.ToString(CultureInfo.InvariantCulture)]);
        if (options.BufferMegabytes != 0)
            args.AddRange(["-s", options.BufferMegabytes.ToString(CultureInfo.InvariantCulture)]);
        for (int i = 0; i < options.Verbosity; i++)
            args.Add("-v");
        return args;
    }

    public static bool TryParse(IReadOnlyList<string> args, out string modulePath, out RunOptions options, out string error)
    {
        modulePath = "";
        options = new RunOptions(null, null, null, null, 0, 0);
        error = "";
        string? module = null, output = null, command = null;
        int? pid = null, timeout = null;
        int buffer = 0, verbosity = 0;
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Value(string name)
            {
                if (i + 1 >= args.Count)
                    throw new FormatException($"option {name} needs a value");
                return args[++i];
            }
            int IntValue(string name, string text) =>
                int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
                    ? v : throw new FormatException($"invalid value for {name}: '{text}'");
            try
            {
                if (a.StartsWith(Option + "=", StringComparison.Ordinal))
                    module = a[(Option.Length + 1)..];
                else if (a == Option)
                    module = Value(Option);
                else if (a == "-o")
                    output = Value(a);
                else if (a == "-c")
                    command = Value(a);
                else if (a == "-x")
                    pid = IntValue(a, Value(a));
                else if (a == "-T")
                    timeout = IntValue(a, Value(a));
                else if (a == "-s")
                    buffer = IntValue(a, Value(a));
                else if (a.Length >= 2 && a[0] == '-' && a[1..].All(c => c == 'v'))
                    verbosity += a.Length - 1;
                else
                {
                    error = $"unexpected argument for {Option}: '{a}'";
                    return false;
                }
            }
            catch (FormatException e)
            {
                error = e.Message;
                return false;
            }
        }
        if (string.IsNullOrEmpty(module))
        {
            error = $"{Option}=PATH.ko is required";
            return false;
        }
        modulePath = module;
        options = new RunOptions(output, command, pid, timeout, buffer, verbosity);
        return true;
    }
}
