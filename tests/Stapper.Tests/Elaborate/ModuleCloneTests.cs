using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>A module function its compiler only emitted as a clone (st.ko's <c>st_do_scsi.constprop.N</c>, which
/// systemtap.examples' io/iostat-scsi probes): found in the module's debug .ko, its variables from that DWARF.</summary>
public class ModuleCloneTests
{
    [SkippableKernelFact]
    public void AModuleCloneIsProbedUnderItsPlainName()
    {
        var (status, stdout, stderr) = Stapper.Tests.Cli.VerboseListing.Run("-r", TestKernel.Find()!.Release, "-p2", "-e",
            "probe module(\"st\").function(\"st_do_scsi\").call { println($bytes) }");
        Assert.Equal((0, ""), (status, stderr));
        Assert.Contains("module(\"st\").function(\"st_do_scsi\").call /* <- module(\"st\").function(\"st_do_scsi\").call */\n"
            + "{\n  println(__private__input___dwarf_tvar_get_bytes_0())\n}", stdout);
    }
}
