using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Stapper.DebugInfo;

/// <summary>A tracepoint declared in a trace header: its system (TRACE_SYSTEM), name and TP_PROTO parameter names.</summary>
public sealed record TracepointDeclaration(string System, string Name, ImmutableArray<string> ParameterNames);

/// <summary>
/// The kernel's tracepoints as its build tree's <c>include/trace/events/*.h</c> declare them, as stap finds
/// them. Only a macro call at the start of a line counts: names built inside wrapper macros are not seen.
/// </summary>
public static partial class TracepointHeaders
{
    /// <summary>The events directory for a release (<see cref="KernelHeaders.Find"/>).</summary>
    public static string? EventsDirectory(string release, string modulesDir = "/lib/modules") =>
        KernelHeaders.Find(release, Path.Combine("include", "trace", "events"), modulesDir);

    public static IReadOnlyList<TracepointDeclaration> Scan(string eventsDirectory)
    {
        var found = new List<TracepointDeclaration>();
        foreach (var file in Directory.EnumerateFiles(eventsDirectory, "*.h").Order(StringComparer.Ordinal))
        {
            found.AddRange(Parse(File.ReadAllText(file)));
        }
        return found;
    }

    /// <summary>One header's declarations; a header without TRACE_SYSTEM declares none.</summary>
    public static IEnumerable<TracepointDeclaration> Parse(string text)
    {
        text = Comments().Replace(text, " ");
        var system = SystemDefine().Match(text);
        if (!system.Success)
        {
            yield break;
        }
        foreach (Match m in Declaration().Matches(text))
        {
            var args = Arguments(text, m.Index + m.Length);
            var nameAt = m.Groups[1].Value.StartsWith("DEFINE_EVENT", StringComparison.Ordinal) ? 1 : 0;
            if (args.Count <= nameAt + 1 || !Identifier().IsMatch(args[nameAt]))
            {
                continue;
            }
            var proto = args[nameAt + 1];
            if (!proto.StartsWith("TP_PROTO", StringComparison.Ordinal))
            {
                continue;
            }
            var open = proto.IndexOf('(');
            var inner = Arguments(proto, open + 1);
            var names = inner.Select(ParameterName).ToImmutableArray();
            if (names.Length == 1 && names[0] == "void")
            {
                names = [];
            }
            yield return new TracepointDeclaration(system.Groups[1].Value, args[nameAt], names);
        }
    }

    /// <summary>The declarator's name: the last identifier ("struct task_struct *prev" gives "prev").</summary>
    private static string ParameterName(string parameter)
    {
        var ids = Identifier().Matches(parameter.Split('[')[0]);
        return ids.Count == 0 ? "" : ids[^1].Value;
    }

    /// <summary>The comma-separated arguments of the call whose '(' is just before <paramref name="start"/>, trimmed.</summary>
    private static List<string> Arguments(string text, int start)
    {
        var args = new List<string>();
        var depth = 0;
        var from = start;
        for (var i = start; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch is '(' or '[' or '{')
            {
                depth++;
            }
            else if (ch is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    args.Add(Clean(text[from..i]));
                    return args;
                }
                depth--;
            }
            else if (ch == ',' && depth == 0)
            {
                args.Add(Clean(text[from..i]));
                from = i + 1;
            }
        }
        return args;
    }

    private static string Clean(string s) => Whitespace().Replace(s.Replace("\\\n", " "), " ").Trim();


    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"^#\s*define\s+TRACE_SYSTEM\s+(\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SystemDefine();

    [GeneratedRegex(@"^(TRACE_EVENT|TRACE_EVENT_FN|TRACE_EVENT_FN_COND|TRACE_EVENT_CONDITION|TRACE_EVENT_RCU|DECLARE_TRACE|DECLARE_TRACE_CONDITION|DEFINE_EVENT|DEFINE_EVENT_FN|DEFINE_EVENT_CONDITION|DEFINE_EVENT_PRINT)\s*\(", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"[A-Za-z_]\w*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
