using Stapper.Diagnostics;
using Stapper.Parse.RegexSyntax;

namespace Stapper.Elaborate;

/// <summary>
/// stap compiles the regexes of what survived optimization once types are known, walking each probe
/// and, once each, the functions it calls; a regex that does not compile ends that probe's walk.
/// </summary>
internal static class RegexCheck
{
    public static void Report(IEnumerable<BoundBlock> probes, CallGraph calls, DiagnosticBag diagnostics)
    {
        var traversed = new HashSet<FunctionKey>();
        foreach (var probe in probes)
        {
            if (FirstError(probe, calls, traversed) is { } error)
            {
                diagnostics.Add(error);
            }
        }
    }

    private static Diagnostic? FirstError(BoundBlock body, CallGraph calls, HashSet<FunctionKey> traversed)
    {
        foreach (var node in BoundWalker.Nodes(body))
        {
            switch (node)
            {
                case BoundRegexMatch r when RegexParser.Parse(r.Pattern).Error is { } error:
                    return new Diagnostic(Severity.Error, "sema.regex-compile", "semantic error",
                        error.Text, r.PatternSpan, "string '" + r.Pattern + "'");
                case BoundCall call when traversed.Add(FunctionKey.Of(call)) && calls.Callee(call)?.Body is { } callee:
                    if (FirstError(callee, calls, traversed) is { } inner)
                    {
                        return inner;
                    }
                    break;
            }
        }
        return null;
    }
}
