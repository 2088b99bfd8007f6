using System.Collections.Immutable;
using System.Globalization;
using Stapper.DebugInfo;
using Stapper.Elaborate.Binding;
using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>SDT markers: <c>process("PATH").mark("NAME")</c> and <c>.provider("P").mark("NAME")</c>, wildcards in both.</summary>
internal sealed partial class UserProcessProvider
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ProviderContext, HashSet<string>> WarnedMarks = new();

    /// <summary>The provider and mark patterns of a <c>.mark</c> point ("*" for an unnamed provider), or null.</summary>
    private static (string Provider, string Mark)? MarkPattern(ImmutableArray<ProbePointComponent> c) => c switch
    {
        [_, { Functor: "mark" } m] when m.Text() is { } mark => ("*", mark),
        [_, { Functor: "provider" } p, { Functor: "mark" } m] when p.Text() is { } provider && m.Text() is { } mark => (provider, mark),
        _ => null,
    };

    private static bool Marks(ProbePoint point, string path, string provider, string mark, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var binary = Binary(path, context);
        if (binary is null)
        {
            NoMatch.Report(point, context);
            return true;
        }
        var matches = binary.Marks.Where(n => Glob.Match(provider, n.Provider) && Glob.Match(mark, n.Name)).ToList();
        if (matches.Count == 0)
        {
            Error(point, context, "no match (similar marks: " + Suggestions.Closest(mark, binary.Marks.Select(n => n.Name).Distinct()) + ")");
            return true;
        }
        // stap warns once per file for its markers (their probes are statements, not functions), and only where
        // their addresses need relocating (a PIE or a library).
        if (!binary.HasDwarf && binary.Relocatable && WarnedMarks.GetOrCreateValue(context).Add(binary.Path))
        {
            context.Diagnostics.Warning("sema.no-debuginfo",
                "cannot find module " + binary.Path + " debuginfo: No DWARF information found [man warning::debuginfo]", null);
        }
        // stap names each marker's probe by its address: process("PATH").statement(0xADDR).
        var file = new StringLiteral(binary.Path, point.Components[0].Span);
        sites = [.. matches.Select(n => new UserMarkSite(binary.Path, n.Provider, n.Name, n.FileOffset, n.SemaphoreOffset,
            [.. n.Arguments.Select(SdtArgument.Parse)],
            ProbePointText.Format([point.Components[0] with { Argument = file }]) + ".statement(0x" + n.Address.ToString("x", CultureInfo.InvariantCulture) + ")",
            point.Optional, point.Span))];
        return true;
    }
}
