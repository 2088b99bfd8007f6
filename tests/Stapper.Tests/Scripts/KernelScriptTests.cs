namespace Stapper.Tests.Scripts;

/// <summary>
/// Every tests/scripts/**/*.stp: exact stdout, stderr and exit status. Scripts listed in
/// tests/scripts/known-failures.txt must still differ from stap's output: a fixed one fails the
/// test until its line is removed, so the list can only shrink honestly.
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
        var matches = script.ExpectedStdout == outcome.Stdout && script.ExpectedStderr == outcome.Stderr && script.ExpectedExit == outcome.Exit;
        if (KnownFailures.Reason(name) is { } reason)
        {
            Assert.False(matches, $"{name} now matches stap: remove it from tests/scripts/known-failures.txt ({reason})");
            return;
        }
        Assert.Equal(script.ExpectedStdout, outcome.Stdout);
        Assert.Equal(script.ExpectedStderr, outcome.Stderr);
        Assert.True(script.ExpectedExit == outcome.Exit, $"exit {outcome.Exit}, expected {script.ExpectedExit}; stderr:\n{outcome.Stderr}");
    }
}
