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
        if (amount <= 0)
        {
            context.Diagnostics.Error("sema.timer-period", "semantic error", "invalid interval for timer", point.Span, "identifier '" + c[1].Functor + "'");
            return true;
        }
        var unit = c[1].Functor;
        if (unit == "jiffies")
        {
            sites = [new JiffiesTimerSite(amount, randomize, name, point.Optional, point.Span)];
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
            sites = [new TimerSite(1_000_000_000 / amount, randomize == 0 ? 0 : 1_000_000_000 / randomize, name, point.Optional, point.Span)];
            return true;
        }
        if (!NanosecondsPerUnit.TryGetValue(unit, out var scale))
        {
            return false;
        }
        sites = [new TimerSite(amount * scale, randomize * scale, name, point.Optional, point.Span)];
        return true;
    }
}
