using System.Text.RegularExpressions;

namespace Stapper.Cli;

/// <summary>stap's checks of option values that its command-line parser leaves to later: -m names and TMPDIR.</summary>
internal static partial class InvocationChecks
{
    private const int ModuleNameLength = 56;

    /// <summary>The invocation to run, or null after printing stap's message.</summary>
    public static Invocation? Apply(Invocation invocation, TextWriter stderr)
    {
        if (invocation.ModuleName is { } name)
        {
            if (name.EndsWith(".ko", StringComparison.Ordinal) || name.EndsWith(".so", StringComparison.Ordinal))
            {
                name = name[..^3];
                stderr.WriteLine($"Truncating module name to '{name}'");
            }
            if (name.Length == 0)
            {
                stderr.WriteLine("Module name cannot be empty.");
                return null;
            }
            if (!ModuleName().IsMatch(name))
            {
                stderr.WriteLine($"ERROR: Safety pattern mismatch for -m parameter ('{name}' vs. '^[a-z0-9_]+$') rc=1");
                return null;
            }
            if (name.Length >= ModuleNameLength - 1)
            {
                name = name[..(ModuleNameLength - 2)];
                stderr.WriteLine($"Truncating module name to '{name}'");
            }
            invocation = invocation with { ModuleName = name };
        }
        if (Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmpdir)
        {
            if (!TemporaryDirectory().IsMatch(tmpdir))
            {
                stderr.WriteLine($"ERROR: Safety pattern mismatch for TMPDIR ('{tmpdir}' vs. '^[-/._0-9a-z]+$') rc=1");
                return null;
            }
            if (!Directory.Exists(tmpdir))
            {
                stderr.WriteLine($"ERROR: Failed to create temporary directory in \"{tmpdir}\": not a directory");
                return null;
            }
        }
        return invocation;
    }

    [GeneratedRegex("^[a-z0-9_]+$", RegexOptions.IgnoreCase)]
    private static partial Regex ModuleName();

    [GeneratedRegex("^[-/._0-9a-z]+$", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryDirectory();
}
