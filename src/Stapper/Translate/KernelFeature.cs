using System.Collections.Immutable;

namespace Stapper.Translate;

/// <summary>
/// A kernel API difference the module's C depends on. Pass 4 tests it against the build tree (is Needle in
/// Header?) and writes the answer to stp_autoconf.h as Macro, so the C never chooses by kernel version.
/// </summary>
public sealed record KernelFeature(string Macro, string Header, string Needle)
{
    /// <summary>Newer kernels' <c>timer_delete_sync</c> for <c>del_timer_sync</c>: stp_timer_delete_sync.</summary>
    public static KernelFeature TimerDeleteSync { get; } = new("STAPCONF_TIMER_DELETE_SYNC", "linux/timer.h", "timer_delete_sync(");

    /// <summary>Newer kernels' <c>hrtimer_setup</c> for <c>hrtimer_init</c> and the function field: stp_hrtimer_setup.</summary>
    public static KernelFeature HrtimerSetup { get; } = new("STAPCONF_HRTIMER_SETUP", "linux/hrtimer.h", "hrtimer_setup(");

    /// <summary>The kernel still declares <c>strlcpy</c> (gone from 6.8); else stp_kcompat.h gives it through <c>strscpy</c>.</summary>
    public static KernelFeature Strlcpy { get; } = new("STAPCONF_STRLCPY", "linux/string.h", "size_t strlcpy(");

    /// <summary>What the runtime's stp_kcompat.h tests: every module includes it.</summary>
    public static ImmutableArray<KernelFeature> Runtime { get; } =
    [
        new("STAPCONF_TIMER_CONTAINER_OF", "linux/timer.h", "define timer_container_of"),
        TimerDeleteSync,
        HrtimerSetup,
        new("STAPCONF_MODULE_MEMORY", "linux/module.h", "struct module_memory {"),
        Strlcpy,
    ];
}
