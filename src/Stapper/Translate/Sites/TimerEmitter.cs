using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>timer.ms(N) and friends on an hrtimer, timer.jiffies(N) on a timer_list, timer.profile on a pinned hrtimer per CPU.</summary>
internal sealed class TimerEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(TimerSite), typeof(JiffiesTimerSite), typeof(ProfileTimerSite)];

    public IReadOnlyList<string> Templates { get; } = ["timer", "jiffies", "profile"];

    public IReadOnlyList<KernelFeature> Features { get; } = [KernelFeature.HrtimerSetup, KernelFeature.TimerDeleteSync];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe) => site switch
    {
        TimerSite t => new SiteCode("timer", new Dictionary<string, object?>
        {
            ["period_ns"] = Number(t.PeriodNanoseconds),
            ["randomize_ns"] = Number(t.RandomizeNanoseconds),
        }),
        JiffiesTimerSite j => new SiteCode("jiffies", new Dictionary<string, object?>
        {
            ["jiffies"] = Number(j.Jiffies),
            ["randomize"] = Number(j.RandomizeJiffies),
        }),
        ProfileTimerSite => new SiteCode("profile", new Dictionary<string, object?>()),
        _ => null,
    };

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
