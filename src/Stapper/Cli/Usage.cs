namespace Stapper.Cli;

/// <summary>--help, -V and the short hint stap prints after a command-line error; --help's options come from <see cref="OptionTable"/>.</summary>
public static class Usage
{
    private const int HelpColumn = 14;

    public static void Hint(TextWriter stderr)
    {
        stderr.WriteLine("Try '--help' for more information. [man stap]");
        stderr.WriteLine("A message like [man foo] means for more info, run % man foo");
    }

    public static void Version(TextWriter stdout)
    {
        stdout.WriteLine($"Stapper translator/driver (version {Installation.Version}, SystemTap 5.2 language)");
        stdout.WriteLine("This is free software; see the source for copying conditions.");
        stdout.WriteLine("enabled features: BTF VM");
    }

    public static void Full(TextWriter stdout)
    {
        Version(stdout);
        stdout.WriteLine("""

Usage: stapper [options] FILE                    Run script in file.
   or: stapper [options] -                       Run script on stdin.
   or: stapper [options] -e SCRIPT               Run given script.
   or: stapper [options] FILE.stp ARGS...        Run script with arguments ($1/@1, argv).

Options (stap's, with stap's meanings):
   --         end of translator options, script options follow
""");
        var (implemented, own, unsupported) = OptionTable.Listed();
        foreach (var option in implemented)
        {
            Write(stdout, option, option.Help);
        }
        stdout.WriteLine("Stapper's own:");
        foreach (var option in own)
        {
            Write(stdout, option, option.Help);
        }
        stdout.WriteLine("stap's, not supported by Stapper (rejected with exit status 1):");
        foreach (var option in unsupported)
        {
            Write(stdout, option, option.Help + "; not supported: " + option.Reason);
        }
    }

    /// <summary>stap's layout: the names, then the text at a fixed column, or on the next line when the names are long.</summary>
    private static void Write(TextWriter stdout, StapOption option, string text)
    {
        var names = Synopsis(option);
        stdout.WriteLine(names.Length <= HelpColumn - 5
            ? "   " + names.PadRight(HelpColumn - 3) + text
            : "   " + names + "\n" + new string(' ', HelpColumn) + text);
    }

    /// <summary>How an option is written with its value: <c>-p NUM</c>, <c>-h --help</c>, <c>--tmpdir=DIR</c>, <c>--vm[=KVER]</c>.</summary>
    public static string Synopsis(StapOption option)
    {
        var names = string.Join(' ', new[] { option.Short is { } c ? "-" + c : null, option.Long is { } l ? "--" + l : null }.OfType<string>());
        return option.Argument switch
        {
            OptionArgument.Required when option.Long is not null && option.Short is null => names + "=" + option.ArgumentName,
            OptionArgument.Required => names + " " + option.ArgumentName,
            OptionArgument.Optional => names + "[=" + option.ArgumentName + "]",
            _ => names,
        };
    }
}
