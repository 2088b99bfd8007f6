using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// Inlined instances of user functions (<c>process("P").function("F")</c> and <c>.inline</c>): each
/// DW_TAG_inlined_subroutine of a function named like F is a uprobe at the instance's entry (DW_AT_entry_pc, else its
/// low pc or first range), named as stap names it (<c>function("F@FILE:DECL")</c>, the point's suffixes kept), with the
/// variables the instance's DWARF places there, as a user statement's.
/// </summary>
internal sealed partial class UserProcessProvider
{
    /// <summary>An inlined instance's site and the function it is a copy of.</summary>
    private sealed record InlinedSite(string Function, UserStatementSite Site);

    /// <summary>The instances of functions named like <paramref name="glob"/> (declared in a file <paramref name="inFile"/>
    /// accepts, when given), each entry address once, in DWARF's order; none when the DWARF does not read.</summary>
    private static List<InlinedSite> InlinedInstances(UserBinary binary, DwarfFile dwarf, string glob, Func<string, bool>? inFile,
        System.Collections.Immutable.ImmutableArray<ProbePointComponent> components)
    {
        var sites = new List<InlinedSite>();
        var probed = new HashSet<ulong>();
        try
        {
            foreach (var instance in dwarf.InlinedInstances(glob))
            {
                if (instance.Name is not { } name || instance.InstanceEntry is not { } entry || !probed.Add(entry))
                {
                    continue;
                }
                var file = instance.DeclFile;
                if (inFile is not null && (file is null || !inFile(file)))
                {
                    continue;
                }
                var parts = components.ToArray();
                parts[0] = parts[0] with { Argument = new StringLiteral(binary.Path, parts[0].Span) };
                var shown = file is null ? name : name + "@" + file + ":" + (instance.DeclLine ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
                parts[1] = parts[1] with { Argument = new StringLiteral(shown, parts[1].Span) };
                if (Site(binary, instance.Die, name, entry, ProbePointText.Format(parts)) is { } site)
                {
                    sites.Add(new InlinedSite(name, site));
                }
            }
        }
        catch (DebugInfoFormatException)
        {
        }
        return sites;
    }
}
