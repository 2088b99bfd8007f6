using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// Where and when a probe fires, resolved by a probe-point provider. Name is what pp() returns
/// (stap's canonical form, e.g. <c>timer.ms(10)</c>, <c>kernel.function("vfs_read").return</c>).
/// Optional: a site that fails to register at run time is skipped silently (<c>?</c>).
/// Each family's records sit in their own file beside this one (see ProbeFamilies).
/// </summary>
public abstract record ProbeSite(string Name, bool Optional, SourceSpan Span)
{
    /// <summary>Where the script asked for this site; null for sites pass 2 made itself.</summary>
    public ProbeDerivation? Derivation { get; init; }

    /// <summary>Where debug information puts the probe, as stap's -p2 listing says it (<c>_stext+0x3669e0</c>,
    /// <c>&lt;ext4:ext4_file_open+0&gt;</c>); null where it says nothing.</summary>
    public string? ListedPc { get; init; }
}

/// <summary>
/// How a site came from the script: Written is the probe point as the script wrote it (what pn() returns); as stap's
/// -t report names it, Location is the probe (or, through an alias, the reference to the alias) and From is
/// " from: A from: B ..." with each alias on the way and then the probe's first point.
/// </summary>
public sealed record ProbeDerivation(string Written, SourceSpan Location, string From)
{
    /// <summary>stap's -p2 derivation chain: each alias on the way as declared, the nearest first, then the script's probe.</summary>
    public ImmutableArray<string> Bases { get; init; } = [];

    /// <summary>The resolved point's <c>!</c> or <c>?</c>, which stap's -p2 prints after the derived probe's name.</summary>
    public string Extras { get; init; } = "";
}
