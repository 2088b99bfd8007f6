using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary><c>timer.s/sec/ms/msec/us/usec/ns/nsec/hz/jiffies(N)</c> with <c>.randomize(M)</c>, and <c>timer.profile</c>.</summary>
internal sealed class TimerProvider : IProbeProvider
{
    private static readonly Dictionary<string, long> NanosecondsPerUnit = new()
    {
        ["s"] = 1_000_000_000,
        ["sec"] = 1_000_000_000,
        ["ms"] = 1_000_000,
        ["msec"] = 1_000_000,
        ["us"] = 1_000,
        ["usec"] = 1_000,
        ["ns"] = 1,
        ["nsec"] = 1,
    };

    public IReadOnlyList<string> Functors { get; } = ["timer"];

    public IReadOnlyList<string> ProbeTypes { get; } =
    [
        .. new[] { "s", "sec", "ms", "msec", "us", "usec", "ns", "nsec", "jiffies" }
            .SelectMany(u => new[] { $"timer.{u}(number)", $"timer.{u}(number).randomize(number)" }),
        "timer.hz(number)", "timer.profile",
    ];

    public IReadOnlyList<Type> Sites { get; } = [typeof(TimerSite), typeof(JiffiesTimerSite), typeof(ProfileTimerSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c.Length < 2 || !c[0].Is("timer") || c[0].Argument is not null)
        {
            return false;
        }
        var name = ProbePointText.Format(point);
        if (c.Length == 2 && c[1].Is("profile") && c[1].Argument is null)
        {
            sites = [new ProfileTimerSite(name, point.Optional, point.Span)];
            return true;
        }
        if (c.Length > 3 || c[1].Number() is not { } amount)
        {
            return false;
        }
        long randomize = 0;
        if (c.Length == 3)
        {
            if (!c[2].Is("randomize") || c[2].Number() is not { } r)
            {
                return false;
            }
            randomize = r;
        }
        var unit = c[1].Functor;
        if (unit == "jiffies")
        {
            // stap keeps both in plain ints
            if (amount is <= 0 or > 1_000_000 || randomize < 0 || randomize > amount)
            {
                Refuse(point, amount is <= 0 or > 1_000_000 ? "invalid interval for jiffies timer" : "invalid randomize for jiffies timer", context);
                return true;
            }
            sites = [new JiffiesTimerSite(amount, randomize, name, point.Optional, point.Span)];
            return true;
        }
        if (unit == "hz" && amount <= 0)
        {
            Refuse(point, "frequency must be greater than 0", context);
            return true;
        }
        if (unit == "hz")
        {
            if (c.Length == 3)
            {
                // stap's timer.hz takes no .randomize.
                var suffix = new Diagnostic(Severity.Error, "sema.probe-point", "semantic error", "invalid suffix for probe", c[2].Span, "identifier '" + c[2].Functor + "'");
                context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.probe-point", "semantic error", "while resolving probe point",
                    c[0].Span, "identifier 'timer'", null, suffix));
                return true;
            }
            // the period rounded up, as stap's
            var period = (1_000_000_000 + amount - 1) / amount;
            if (OutOfRange(point, period, 0, 1, context))
            {
                return true;
            }
            sites = [new TimerSite(period, 0, name, point.Optional, point.Span)];
            return true;
        }
        if (!NanosecondsPerUnit.TryGetValue(unit, out var scale))
        {
            return false;
        }
        var (nanoseconds, spread) = (Scaled(amount, scale), Scaled(randomize, scale));
        if (OutOfRange(point, nanoseconds, spread, scale, context))
        {
            return true;
        }
        sites = [new TimerSite(nanoseconds, spread, name, point.Optional, point.Span)];
        return true;
    }

    // stap's hrtimer bounds: 100 us to a day
    private const long MinNanoseconds = 100_000, MaxNanoseconds = 86_400_000_000_000;

    private static long Scaled(long value, long scale) => Math.Abs(value) > long.MaxValue / scale ? Math.Sign(value) * long.MaxValue : value * scale;

    /// <summary>stap's checks of an hrtimer's period and spread, in nanoseconds, its bounds said in the point's unit.</summary>
    private static bool OutOfRange(ProbePoint point, long nanoseconds, long spread, long scale, ProviderContext context)
    {
        if (nanoseconds is < MinNanoseconds or > MaxNanoseconds)
        {
            var low = scale < MinNanoseconds ? MinNanoseconds / scale : 1;
            Refuse(point, $"interval value out of range ({low}, {MaxNanoseconds / scale})", context);
            return true;
        }
        if (spread < 0 || spread > nanoseconds)
        {
            Refuse(point, "randomization value out of range", context);
            return true;
        }
        return false;
    }

    private static void Refuse(ProbePoint point, string why, ProviderContext context) =>
        ProbePointErrors.Chain(point, new Diagnostic(Severity.Error, "sema.timer-period", "semantic error", why, null), context);
}
