using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// @defined(x->member) on a local autocast from @cast: stap settles it after its first optimizer, which so sees x
/// read and does not warn "Eliding assignment to 'x'" (semok/definedautocast.stp passes under -W); x is elided
/// later, silently.
/// </summary>
public class DefinedAutocastTests
{
    [SkippableKernelFact]
    public void AMemberThatExists() => NoElisionWarning("bd_dev");

    [SkippableKernelFact]
    public void AMemberThatDoesNot() => NoElisionWarning("no_such_member");

    private static void NoElisionWarning(string member)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var script = "probe kernel.function(\"do_exit\") { x = & @cast(0, \"struct block_device\")\n println(@defined(x->" + member + ")) }";
        var status = Stapper.Cli.Driver.RunCore(["-r", TestKernel.Find()!.Release, "-Wp2", "-e", script], stdout, stderr);
        Assert.Equal((0, ""), (status, stderr.ToString()));
        Assert.DoesNotContain("(x) =", stdout.ToString());
    }
}
