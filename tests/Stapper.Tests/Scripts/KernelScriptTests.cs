namespace Stapper.Tests.Scripts;

/// <summary>
/// Every tests/scripts/**/*.stp: exact stdout, stderr and exit status. Scripts listed in
/// tests/scripts/known-failures.txt (each with why it differs from stap) must still run to an end
/// of their own: no VM failure, no internal error; their exact match is reported, not asserted.
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
            Assert.True(outcome.Exit is >= 0 and < 124, $"{name} did not run to an end (exit {outcome.Exit}): {outcome.Stderr}");
            Assert.DoesNotContain("internal error", outcome.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at Stapper.", outcome.Stderr, StringComparison.Ordinal);
            Console.WriteLine(matches ? $"{name}: now matches stap, remove it from known-failures.txt" : $"{name}: known difference ({reason})");
            return;
        }
        Assert.Equal(script.ExpectedStdout, outcome.Stdout);
        Assert.Equal(script.ExpectedStderr, outcome.Stderr);
        Assert.True(script.ExpectedExit == outcome.Exit, $"exit {outcome.Exit}, expected {script.ExpectedExit}; stderr:\n{outcome.Stderr}");
    }
}
