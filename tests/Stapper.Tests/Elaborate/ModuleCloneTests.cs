using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>A module function its compiler only emitted as a clone (st.ko's <c>st_do_scsi.constprop.N</c>, which
/// systemtap.examples' io/iostat-scsi probes): found in the module's debug .ko, its variables from that DWARF.</summary>
public class ModuleCloneTests
{
    [SkippableKernelFact]
    public void AModuleCloneIsProbedUnderItsPlainName()
    {
        var release = TestKernel.Find()!.Release;
        var (status, stdout, stderr) = Stapper.Tests.Cli.VerboseListing.Run("-r", release, "-p2", "-e",
            "probe module(\"st\").function(\"st_do_scsi\").call { println($bytes) }");
        Assert.Equal((0, ""), (status, stderr));
        var name = $"module\\(\"st\"\\)\\.function\\(\"{TestKernel.FunctionNamePattern(release, "st_do_scsi", "drivers/scsi/st.c")}\"\\)\\.call";
        Assert.Matches($"{name}{TestKernel.ListedPcPattern(release)} /\\* <- {name} \\*/\n"
            + @"\{\n  println\(__private__input___dwarf_tvar_get_bytes_0\(\)\)\n\}", stdout);
    }
}
