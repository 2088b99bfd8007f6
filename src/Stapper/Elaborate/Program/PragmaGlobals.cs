using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// The globals a piece of embedded C names in <c>/* pragma:read:VAR */</c> and <c>/* pragma:write:VAR */</c>, in the
/// program's order of globals as stap's translator walks them (not the comments' order). The binder has already
/// refused a name that is no global, so a name not found here is one the optimizer left out of the program.
/// </summary>
public static class PragmaGlobals
{
    public static IReadOnlyList<(GlobalVariable Global, bool Read, bool Write)> In(string code, IEnumerable<GlobalVariable> globals)
    {
        var named = EmbeddedPragmaMarkers.Globals(code).ToList();
        if (named.Count == 0)
        {
            return [];
        }
        var result = new List<(GlobalVariable, bool, bool)>();
        foreach (var g in globals)
        {
            var read = named.Contains((g.Name, false));
            var write = named.Contains((g.Name, true));
            if (read || write)
            {
                result.Add((g, read, write));
            }
        }
        return result;
    }

    /// <summary>Only the names, for analyses that have no list of globals at hand.</summary>
    public static IEnumerable<string> Names(string code) => EmbeddedPragmaMarkers.Globals(code).Select(p => p.Name);
}
