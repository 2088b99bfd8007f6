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
        foreach (var c in ScriptCase.All())
        {
            data.Add(c.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Script(string name)
    {
        var script = ScriptCase.All().Single(c => c.Name == name);
        var outcome = KernelSuite.For(script);
        if (script.IsDeviation)
        {
            var conformance = File.ReadAllText(Path.Combine(ScriptCase.RepositoryRoot, "docs", "conformance.md"));
            Assert.True(conformance.Contains(Path.ChangeExtension(name, null), StringComparison.Ordinal), $"{name} differs from stap on purpose: docs/conformance.md must say why");
        }
        Assert.Equal(script.ExpectedStdout, outcome.Stdout);
        Assert.Equal(script.ExpectedStderr, outcome.Stderr);
        Assert.True(script.ExpectedExit == outcome.Exit, $"exit {outcome.Exit}, expected {script.ExpectedExit}; stderr:\n{outcome.Stderr}");
    }
}
