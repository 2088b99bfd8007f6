using Stapper.Build;
using Stapper.Translate;

namespace Stapper.Tests.Build;

/// <summary>stp_autoconf.h: the module's kernel features, each tested against the build tree's headers.</summary>
public sealed class KernelFeaturesTests : IDisposable
{
    private readonly string _tree = Directory.CreateTempSubdirectory("stapper-features-").FullName;

    public void Dispose() => Directory.Delete(_tree, true);

    [Fact]
    public void EachFeatureTheModuleNamesIsDefinedWhenItsHeaderHasTheNeedle()
    {
        Directory.CreateDirectory(Path.Combine(_tree, "include", "linux"));
        File.WriteAllText(Path.Combine(_tree, "include", "linux", "timer.h"), "extern int timer_delete_sync(struct timer_list *t);\n");
        KernelFeature[] features =
        [
            KernelFeature.TimerDeleteSync,
            KernelFeature.HrtimerSetup,
            new("STAPCONF_EXAMPLE", "linux/timer.h", "struct timer_list"),
        ];
        Assert.Equal("""
            /* stapper kernel feature tests */
            #define STAPCONF_TIMER_DELETE_SYNC 1
            /* #undef STAPCONF_HRTIMER_SETUP */
            #define STAPCONF_EXAMPLE 1

            """, KernelFeatures.Probe(_tree, features));
    }
}
