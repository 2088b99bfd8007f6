using Stapper.Cli;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// netfilter.hook(...).pf(...)[.priority(...)]: the family, hook and priority numbers a probe point names, stap's
/// errors for names it does not know (the ones stap gives without -g), and the context values as target variables.
/// </summary>
public sealed class NetfilterTests
{
    private static NetfilterSite Site(string point) =>
        Assert.IsType<NetfilterSite>(Elaboration.Program("probe " + point + " { println(1) }").Probes.Single().Sites.Single());

    private static string Errors(string point) =>
        string.Concat(Elaboration.Run("probe " + point + " { println(1) }").Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    [Fact]
    public void HookAndFamilyInEitherOrderWithPriorityZeroByDefault()
    {
        var a = Site("netfilter.hook(\"NF_INET_LOCAL_IN\").pf(\"NFPROTO_IPV4\")");
        Assert.Equal((2, 1, 0), (a.Family, a.Hook, a.Priority));
        Assert.Equal("netfilter.hook(\"NF_INET_LOCAL_IN\").pf(\"NFPROTO_IPV4\")", a.Name);
        var b = Site("netfilter.pf(\"NFPROTO_IPV6\").hook(\"NF_IP6_POST_ROUTING\").priority(\"-7\")");
        Assert.Equal((10, 4, -7), (b.Family, b.Hook, b.Priority));
        Assert.Equal((3, 2), (Site("netfilter.hook(\"NF_ARP_FORWARD\").pf(\"NFPROTO_ARP\")").Family, Site("netfilter.hook(\"NF_ARP_FORWARD\").pf(\"NFPROTO_ARP\")").Hook));
        Assert.Equal((7, 3), (Site("netfilter.pf(\"NFPROTO_BRIDGE\").hook(\"NF_BR_LOCAL_OUT\")").Family, Site("netfilter.pf(\"NFPROTO_BRIDGE\").hook(\"NF_BR_LOCAL_OUT\")").Hook));
        // NF_IP_* are IPv4's old hook names.
        Assert.Equal(3, Site("netfilter.hook(\"NF_IP_LOCAL_OUT\").pf(\"NFPROTO_IPV4\")").Hook);
    }

    [Fact]
    public void NamedPrioritiesAreTheFamilysOwn()
    {
        Assert.Equal(int.MinValue, Site("netfilter.hook(\"NF_INET_LOCAL_IN\").pf(\"NFPROTO_IPV4\").priority(\"NF_IP_PRI_FIRST\")").Priority);
        Assert.Equal(int.MaxValue, Site("netfilter.hook(\"NF_INET_LOCAL_IN\").pf(\"NFPROTO_IPV4\").priority(\"NF_IP_PRI_CONNTRACK_CONFIRM\")").Priority);
        Assert.Equal(-150, Site("netfilter.hook(\"NF_IP6_LOCAL_IN\").pf(\"NFPROTO_IPV6\").priority(\"NF_IP6_PRI_MANGLE\")").Priority);
        Assert.Contains("unsupported netfilter priority \"NF_IP6_PRI_CONNTRACK_CONFIRM\" for protocol family \"10\"; need stap -g",
            Errors("netfilter.hook(\"NF_IP6_LOCAL_IN\").pf(\"NFPROTO_IPV6\").priority(\"NF_IP6_PRI_CONNTRACK_CONFIRM\")"));
        Assert.Contains("unsupported netfilter priority \"NF_IP_PRI_FIRST\" for protocol family \"3\"; need stap -g",
            Errors("netfilter.hook(\"NF_ARP_IN\").pf(\"NFPROTO_ARP\").priority(\"NF_IP_PRI_FIRST\")"));
    }

    /// <summary>stap 4.8 -p2 on 6.1.0-57-amd64 gives these (the cause on a line of its own, without a location).</summary>
    [Fact]
    public void UnknownNamesAreStapsErrorsWithoutGuruMode()
    {
        Assert.Equal("semantic error: while resolving probe point: identifier 'netfilter' at t.stp:1:7\n"
            + "        source: probe netfilter.hook(\"NF_INET_PRE_ROUTING\").pf(\"INTERGALACTIC_IPV3000\") { println(1) }\n"
            + "                      ^\n\n"
            + "semantic error: unsupported netfilter protocol family \"INTERGALACTIC_IPV3000\"; need stap -g\n\n",
            Errors("netfilter.hook(\"NF_INET_PRE_ROUTING\").pf(\"INTERGALACTIC_IPV3000\")"));
        Assert.Contains("unsupported netfilter hook \"NF_INET_WARP_10\" for protocol family \"2\"; need stap -g",
            Errors("netfilter.hook(\"NF_INET_WARP_10\").pf(\"NFPROTO_IPV4\")"));
        // The priority is checked before the hook.
        Assert.Contains("unsupported netfilter priority \"x\" for protocol family \"2\"; need stap -g",
            Errors("netfilter.hook(\"NF_INET_WARP_10\").pf(\"NFPROTO_IPV4\").priority(\"x\")"));
        Assert.Contains("while resolving probe point: identifier 'netfilter'", Errors("netfilter.hook(\"NF_INET_LOCAL_IN\")"));
    }

    private static readonly Lazy<KernelDebugInfo?> Info = new(() =>
        Harness.HaveKernel ? KernelDebugInfo.Open(Harness.KernelRelease) : null);

    private static string RealErrors(string script) => string.Concat(Elaboration.Run(script, new KernelSymbols(Info.Value!))
        .Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    [SkippableKernelFact]
    public void ContextValuesAreTypedTargetVariables()
    {
        Assert.Equal("", RealErrors("probe netfilter.hook(\"NF_INET_LOCAL_IN\").pf(\"NFPROTO_IPV4\") "
            + "{ printf(\"%d %d %d %d %d %d\\n\", $hooknum, $skb->len, $in, $out, $okfn, $in->name[0]) }"));
        Assert.Contains("unable to find tracepoint variable '$foo'",
            RealErrors("probe netfilter.hook(\"NF_INET_LOCAL_IN\").pf(\"NFPROTO_IPV4\") { println($foo) }"));
    }
}
