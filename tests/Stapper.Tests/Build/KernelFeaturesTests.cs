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

    /// <summary>strlcpy: declared in linux/string.h until 6.8; where it is not, the runtime supplies it (stp_kcompat.h).</summary>
    [Theory]
    [InlineData("size_t strlcpy(char *, const char *, size_t);\nssize_t strscpy(char *, const char *, size_t);\n", true)]
    [InlineData("ssize_t sized_strscpy(char *, const char *, size_t);\n", false)]
    public void StrlcpyIsTestedInLinuxString(string header, bool declared)
    {
        Directory.CreateDirectory(Path.Combine(_tree, "include", "linux"));
        File.WriteAllText(Path.Combine(_tree, "include", "linux", "string.h"), header);
        var autoconf = KernelFeatures.Probe(_tree, [KernelFeature.Strlcpy]);
        Assert.Equal(declared, autoconf.Contains("#define STAPCONF_STRLCPY 1", StringComparison.Ordinal));
        Assert.Contains(KernelFeature.Strlcpy, KernelFeature.Runtime);
    }

    /// <summary>fprobe's handler forms: the one stp_fprobe.h is written for (pt_regs, ret_ip, an int entry handler,
    /// nr_maxactive) has all three features; an older form (void entry handler, no ret_ip) lacks two.</summary>
    [Theory]
    [InlineData("""
        typedef int (*fprobe_entry_cb)(struct fprobe *fp, unsigned long entry_ip,
        			       unsigned long ret_ip, struct pt_regs *regs,
        			       void *entry_data);
        struct fprobe { size_t entry_data_size; int nr_maxactive; };
        """, true)]
    [InlineData("""
        struct fprobe { size_t entry_data_size; int nr_maxactive;
        	void (*entry_handler)(struct fprobe *fp, unsigned long entry_ip, struct pt_regs *regs, void *entry_data); };
        """, false)]
    public void FprobeHandlerFormIsTestedInItsHeader(string header, bool usable)
    {
        Directory.CreateDirectory(Path.Combine(_tree, "include", "linux"));
        File.WriteAllText(Path.Combine(_tree, "include", "linux", "fprobe.h"), header);
        var features = new Stapper.Translate.Sites.KernelFunctionEmitter().Features.Where(f => f.Header == "linux/fprobe.h").ToList();
        var autoconf = KernelFeatures.Probe(_tree, features);
        Assert.Equal(3, features.Count);
        Assert.Contains("#define STAPCONF_FPROBE_MAXACTIVE 1", autoconf);
        Assert.Equal(usable, autoconf.Contains("#define STAPCONF_FPROBE_ENTRY_CB 1", StringComparison.Ordinal));
        Assert.Equal(usable, autoconf.Contains("#define STAPCONF_FPROBE_PT_REGS 1", StringComparison.Ordinal));
    }
}
