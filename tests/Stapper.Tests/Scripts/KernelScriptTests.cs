namespace Stapper.Tests.Scripts;

/// <summary>
/// Every tests/scripts/**/*.stp: exact stdout, stderr and exit status, as stap 4.8 printed them or, for
/// a deviation documented in docs/conformance.md, as the case's NAME.stapper.* files say.
/// </summary>
[Trait("Category", "Kernel")]
public class KernelScriptTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in ScriptCase.All().Where(c => c.Example is null))
        {
            data.Add(c.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Script(string name) => Check(ScriptCase.All().Single(c => c.Name == name));

    /// <summary>The case's stdout, stderr and status against its expectations.</summary>
    internal static void Check(ScriptCase script)
    {
        var name = script.Name;
        var outcome = KernelSuite.For(script);
        if (script.IsDeviation)
        {
            var conformance = File.ReadAllText(Path.Combine(ScriptCase.RepositoryRoot, "docs", "conformance.md"));
            Assert.True(conformance.Contains(Path.ChangeExtension(name, null), StringComparison.Ordinal), $"{name} differs from stap on purpose: docs/conformance.md must say why");
        }
        // A batch that failed as a whole says why first, not as an empty stdout.
        Assert.False(outcome.Exit == -1 && outcome.Stderr.StartsWith("VM failure", StringComparison.Ordinal), outcome.Stderr);
        var timed = script.Words.Contains("-t");
        string Stdout(string s) => script.Masked(timed ? Measured(s) : s);
        Assert.Equal(Stdout(script.ExpectedStdout), Stdout(outcome.Stdout));
        Assert.Equal(script.Masked(script.ExpectedStderr), script.Masked(outcome.Stderr));
        Assert.True(script.ExpectedExit == outcome.Exit, $"exit {outcome.Exit}, expected {script.ExpectedExit}; stderr:\n{outcome.Stderr}");
    }

    /// <summary>
    /// A -t report's cycle counts differ from run to run: each "cycles: MINmin/AVGavg/MAXmax, variance: V" becomes
    /// "cycles: N..." when the figures are consistent (min &lt;= avg &lt;= max, variance 0 for one hit), and stays as it
    /// is, failing the comparison, when they are not. Hits, locations, derivations and indexes are compared exactly.
    /// </summary>
    public static string Measured(string stdout) => System.Text.RegularExpressions.Regex.Replace(stdout,
        @"hits: (\d+), cycles: (\d+)min/(\d+)avg/(\d+)max, variance: (\d+)", m =>
        {
            var v = m.Groups.Values.Skip(1).Select(g => long.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var consistent = v[1] <= v[2] && v[2] <= v[3] && (v[0] > 1 || (v[1] == v[3] && v[4] == 0));
            return consistent ? $"hits: {v[0]}, cycles: Nmin/Navg/Nmax, variance: N" : m.Value;
        });
}
