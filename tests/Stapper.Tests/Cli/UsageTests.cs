using System.Text.RegularExpressions;
using Stapper.Cli;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Cli;

/// <summary>-V and --help: what they print, where, and that --help lists only options the parser takes.</summary>
public class UsageTests
{
    private const string VersionText =
        "Stapper translator/driver (version " + "0.1" + ", SystemTap 5.2 language)\n" +
        "This is free software; see the source for copying conditions.\n" +
        "enabled features: BTF VM\n";

    private static (int Status, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var status = Driver.RunCore(args, stdout, stderr);
        return (status, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("-V")]
    [InlineData("--version")]
    public void VersionPrintsThreeLinesAndNothingElse(string option)
    {
        Assert.Equal((0, VersionText, ""), Run(option));
        Assert.Equal("0.1", Installation.Version);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void HelpPrintsTheVersionThenTheUsage(string option)
    {
        var (status, stdout, stderr) = Run(option);
        Assert.Equal((0, ""), (status, stderr));
        Assert.StartsWith(VersionText + "\nUsage: stapper [options] FILE ", stdout, StringComparison.Ordinal);
    }

    /// <summary>The whole text, pinned: regenerate with `out/stapper/stapper --help > tests/Stapper.Tests/Cli/help.expected`.</summary>
    [Fact]
    public void HelpIsExactlyTheCommittedText()
    {
        var expected = File.ReadAllText(Path.Combine(Harness.RepoRoot, "tests", "Stapper.Tests", "Cli", "help.expected"));
        Assert.Equal(expected, Run("--help").Stdout);
    }

    [Fact]
    public void EveryOptionHelpListsIsOneTheParserTakes()
    {
        var options = Regex.Matches(Run("--help").Stdout, @"^\s+(-\w)(?: (--[\w-]+))?", RegexOptions.Multiline)
            .SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Where(o => o.Length > 0).ToList();
        Assert.Contains("-p", options);
        Assert.Contains("--version", options);
        foreach (var option in options)
        {
            var error = CommandLine.Parse([option, "t.stp"]).Error ?? "";
            Assert.DoesNotContain("invalid option", error);
            Assert.DoesNotContain("unrecognized option", error);
        }
    }
}
