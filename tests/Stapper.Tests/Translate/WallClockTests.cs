using Stapper.Tests.Elaborate;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>stap's STAP_NEED_GETTIMEOFDAY: defined when a function the program calls is marked pragma:gettimeofday
/// (buildok/gtod_init.stp tests it from embedded C), and only then.</summary>
public class WallClockTests
{
    private const string Tapset = "function wall:long() %{ /* pure */ /* pragma:gettimeofday */ STAP_RETVALUE = 1; %}";

    private static string ModuleC(string script) =>
        Harness.Translate(Elaboration.Program(script, ("wall.stp", Tapset))).Files[TranslatePass.SourceFileName];

    [Fact]
    public void DefinedWhenTheProgramReadsTheWallClock() =>
        Assert.Contains("#define STAP_NEED_GETTIMEOFDAY 1", ModuleC("probe begin { println(wall()) }"));

    [Fact]
    public void AbsentOtherwise() =>
        Assert.DoesNotContain("STAP_NEED_GETTIMEOFDAY", ModuleC("probe begin { println(1) }"));
}
