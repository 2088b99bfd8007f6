using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Elaborate;

/// <summary>
/// <c>netfilter.hook("H").pf("P").priority("N")</c>: a netfilter hook for protocol family <paramref name="Family"/>
/// at hook number <paramref name="Hook"/>. Its target variables are stap's context values, kept in the probe context:
/// <c>$hooknum</c>, <c>$skb</c> (struct sk_buff *), <c>$in</c>/<c>$out</c> (struct net_device *), <c>$okfn</c>.
/// </summary>
public sealed record NetfilterSite(int Family, int Hook, int Priority, string Name, bool Optional, SourceSpan Span)
    : ProbeSite(Name, Optional, Span), ITargetVariableSite
{
    /// <summary>The context values in the order the template passes them.</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> Values =
    [
        ("hooknum", "unsigned int"),
        ("skb", "struct sk_buff *"),
        ("in", "struct net_device *"),
        ("out", "struct net_device *"),
        ("okfn", "long unsigned int"),
        ("verdict", "unsigned int"),
    ];

    /// <summary>The index of <c>$verdict</c>, what the hook returns (NF_ACCEPT unless guru code writes it).</summary>
    public const int Verdict = 5;

    public bool ArgumentWritable(int index) => index == Verdict;

    public string? Module => null;

    public bool Return => false;

    public FunctionInfo? Prototype(IKernelTypes? types) => types is null ? null : ContextPrototype.Build("netfilter", Values, types);

    public bool ArgumentsInContext => true;

    public string PointerFormat => "%p";
}
