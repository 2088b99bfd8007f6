using Stapper.Cli;

namespace Stapper.Tests.Cli;

/// <summary>-p2 -v, whose listing has the bodies; stderr without -v's "Pass N:" progress lines.</summary>
internal static class VerboseListing
{
    public static (int Status, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var status = Driver.RunCore(["-v", .. args], stdout, stderr);
        var errors = stderr.ToString().Split('\n').Where(l => !l.StartsWith("Pass ", StringComparison.Ordinal));
        return (status, stdout.ToString(), string.Join('\n', errors));
    }
}
