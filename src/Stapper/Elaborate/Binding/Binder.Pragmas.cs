using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// <c>/* pragma:read:VAR */</c> and <c>/* pragma:write:VAR */</c> in embedded C (an expression, or the body of a
    /// function called here): the global counts as read or written, as stap's elaboration counts it (so it is kept,
    /// and locked with the probe); stap's errors for a name that is no global and for an aggregate.
    /// </summary>
    private void BindGlobalPragmas(string code, SourceSpan span, string token)
    {
        foreach (var (name, write) in EmbeddedPragmaMarkers.Globals(code))
        {
            if (_symbols.FindGlobal(name) is not { } global)
            {
                Error("sema.pragma-global", "unresolved pragma:" + (write ? "write" : "read") + " global " + name, span, token);
                continue;
            }
            if (global.Value.Type == StapType.Stats)
            {
                Error("sema.pragma-aggregate", "Aggregates not available in embedded-C", global.Declaration.Span, TokenText.Identifier(name));
                continue;
            }
            if (write)
            {
                Mark(global, Use.Write);
            }
            else
            {
                // read but not "used" (stap's varuse): a global the script writes and only embedded C reads is still
                // displayed at the end
                global.Read = true;
            }
        }
    }
}
