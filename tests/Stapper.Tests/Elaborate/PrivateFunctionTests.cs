namespace Stapper.Tests.Elaborate;

/// <summary>
/// A private tapset function is visible only inside its own file, as stap's; @__private30 makes a function private
/// from --compatible=3.0 on, so older scripts (buildok's aux_syscalls-embedded at 2.9) still call it.
/// </summary>
public class PrivateFunctionTests
{
    private static readonly (string, string) Macro = ("private30.stpm", "@define __private30 %( %( systemtap_v >= \"3.0\" %? private %) %)");

    private static readonly (string, string) Tapset = ("wait.stp", """
        @__private30 function WIFSIGNALED:long(f:long) { return (f & 0x7f) != 0 }
        private function hidden:long() { return 1 }
        function visible:long() { return hidden() + WIFSIGNALED(9) }
        """);

    [Fact]
    public void PrivateFunctionIsUnresolvedOutsideItsFileAndLeftOutOfSuggestions()
    {
        var errors = Elaboration.RunAt("5.2", "probe begin { println(WIFSIGNALED(9)) }", null, o => o, Macro, Tapset).Diagnostics
            .Where(d => d.IsError).Select(d => d.Message).ToList();
        Assert.Equal(["unresolved function WIFSIGNALED (similar: visible)"], errors);
    }

    [Fact]
    public void Private30FunctionIsVisibleBelowCompatible30()
    {
        var result = Elaboration.RunAt("2.9", "probe begin { println(WIFSIGNALED(9)) }", null, o => o, Macro, Tapset);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void TapsetFunctionMayCallPrivateFunctionsOfItsFile()
    {
        var result = Elaboration.RunAt("5.2", "probe begin { println(visible()) }", null, o => o, Macro, Tapset);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
    }
}
