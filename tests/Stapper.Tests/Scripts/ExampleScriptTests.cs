namespace Stapper.Tests.Scripts;

/// <summary>
/// tests/scripts/examples: SystemTap's own testsuite/systemtap.examples scripts, each a NAME.example naming one, run
/// like any kernel case against stap 4.8's output. Without SystemTap's source the theory is skipped, saying so.
/// </summary>
[Trait("Category", "Kernel")]
public class ExampleScriptTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in ScriptCase.All().Where(c => c.Example is not null))
        {
            data.Add(c.Name);
        }
        return data;
    }

    [SystemtapExamplesTheory]
    [MemberData(nameof(Cases))]
    public void Example(string name)
    {
        var script = ScriptCase.All().Single(c => c.Name == name);
        Assert.True(script.SkipReason is null, script.SkipReason);
        KernelScriptTests.Check(script);
    }

    /// <summary>Skipped, saying why, when there is no SystemTap source to copy the examples from.</summary>
    private sealed class SystemtapExamplesTheoryAttribute : TheoryAttribute
    {
        public SystemtapExamplesTheoryAttribute()
        {
            if (ExampleSource.Root() is null)
            {
                Skip = "no SystemTap source: set STAPPER_SYSTEMTAP_SRC or run `make test-deps` (out/systemtap-src) to run SystemTap's examples";
            }
        }
    }
}
