using System.Collections.Immutable;
using System.Globalization;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// <c>netfilter.hook("H").pf("P")</c> and <c>netfilter.pf("P").hook("H")</c>, each with an optional
/// <c>.priority("N")</c>: the hook and family names stap knows (stapprobes NETFILTER HOOKS), the priority a 32-bit
/// number or one of the NF_IP_PRI_* / NF_IP6_PRI_* names. stap's guru mode passes other names through as C;
/// Stapper does not, so they are always the errors stap gives without -g.
/// </summary>
internal sealed class NetfilterProvider : IProbeProvider
{
    private static readonly string[] Inet = ["PRE_ROUTING", "LOCAL_IN", "FORWARD", "LOCAL_OUT", "POST_ROUTING"];

    /// <summary>Family name to (number, hook names by number, priority prefix or null).</summary>
    private static readonly Dictionary<string, (int Number, Dictionary<string, int> Hooks, string? Priorities)> Families = new()
    {
        ["NFPROTO_IPV4"] = (2, Hooks([.. Inet.Select(h => "NF_INET_" + h)], [.. Inet.Select(h => "NF_IP_" + h)]), "NF_IP_PRI_"),
        ["NFPROTO_IPV6"] = (10, Hooks([.. Inet.Select(h => "NF_IP6_" + h)]), "NF_IP6_PRI_"),
        ["NFPROTO_ARP"] = (3, Hooks(["NF_ARP_IN", "NF_ARP_OUT", "NF_ARP_FORWARD"]), null),
        ["NFPROTO_BRIDGE"] = (7, Hooks([.. Inet.Select(h => "NF_BR_" + h)]), null),
    };

    /// <summary>The named priorities after their NF_IP_PRI_ / NF_IP6_PRI_ prefix (CONNTRACK_CONFIRM is IPv4's only).</summary>
    private static readonly Dictionary<string, int> Priorities = new()
    {
        ["FIRST"] = int.MinValue,
        ["CONNTRACK_DEFRAG"] = -400,
        ["RAW"] = -300,
        ["SELINUX_FIRST"] = -225,
        ["CONNTRACK"] = -200,
        ["MANGLE"] = -150,
        ["NAT_DST"] = -100,
        ["FILTER"] = 0,
        ["SECURITY"] = 50,
        ["NAT_SRC"] = 100,
        ["SELINUX_LAST"] = 225,
        ["CONNTRACK_CONFIRM"] = int.MaxValue,
        ["LAST"] = int.MaxValue,
    };

    public IReadOnlyList<string> Functors { get; } = ["netfilter"];

    public IReadOnlyList<string> ProbeTypes { get; } =
    [
        "netfilter.hook(string).pf(string)", "netfilter.hook(string).pf(string).priority(string)",
        "netfilter.pf(string).hook(string)", "netfilter.pf(string).hook(string).priority(string)",
    ];

    public IReadOnlyList<Type> Sites { get; } = [typeof(NetfilterSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c.Length is < 3 or > 4 || !c[0].Is("netfilter") || c[0].Argument is not null)
        {
            return false;
        }
        var hookFirst = c[1].Is("hook") && c[2].Is("pf");
        if (!hookFirst && !(c[1].Is("pf") && c[2].Is("hook")))
        {
            return false;
        }
        var hook = c[hookFirst ? 1 : 2].Text();
        var family = c[hookFirst ? 2 : 1].Text();
        var priority = "0";
        if (c.Length == 4)
        {
            if (!c[3].Is("priority") || c[3].Text() is not { } p)
            {
                return false;
            }
            priority = p;
        }
        if (hook is null || family is null)
        {
            return false;
        }
        if (!Families.TryGetValue(family, out var f))
        {
            return Fail(point, context, "unsupported netfilter protocol family \"" + family + "\"; need stap -g");
        }
        var number = f.Number.ToString(CultureInfo.InvariantCulture);
        if (f.Priorities is { } prefix && priority.StartsWith(prefix, StringComparison.Ordinal)
            && Priorities.TryGetValue(priority[prefix.Length..], out var named) && (prefix == "NF_IP_PRI_" || priority != "NF_IP6_PRI_CONNTRACK_CONFIRM"))
        {
            priority = named.ToString(CultureInfo.InvariantCulture);
        }
        // stap checks the priority before the hook name.
        if (!int.TryParse(priority, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return Fail(point, context, "unsupported netfilter priority \"" + priority + "\" for protocol family \"" + number + "\"; need stap -g");
        }
        if (!f.Hooks.TryGetValue(hook, out var hookNumber))
        {
            return Fail(point, context, "unsupported netfilter hook \"" + hook + "\" for protocol family \"" + number + "\"; need stap -g");
        }
        sites = [new NetfilterSite(f.Number, hookNumber, value, ProbePointText.Format(point), point.Optional, point.Span)];
        return true;
    }

    private static bool Fail(ProbePoint point, ProviderContext context, string message)
    {
        var cause = new Diagnostic(Severity.Error, "sema.netfilter", "semantic error", message, null);
        context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.probe-point", "semantic error", "while resolving probe point",
            point.Components[0].Span, "identifier 'netfilter'", null, cause));
        return true;
    }

    private static Dictionary<string, int> Hooks(params string[][] names)
    {
        var hooks = new Dictionary<string, int>();
        foreach (var list in names)
        {
            for (var i = 0; i < list.Length; i++)
            {
                hooks[list[i]] = i;
            }
        }
        return hooks;
    }
}
