namespace Stapper.Tests.Scripts;

/// <summary>Every tests/scripts/**/*.stp: exact stdout, stderr (when NAME.err exists) and exit status.</summary>
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
        Assert.Equal(script.ExpectedStdout, outcome.Stdout);
        Assert.Equal(script.ExpectedStderr, outcome.Stderr);
        Assert.True(script.ExpectedExit == outcome.Exit, $"exit {outcome.Exit}, expected {script.ExpectedExit}; stderr:\n{outcome.Stderr}");
    }
}
