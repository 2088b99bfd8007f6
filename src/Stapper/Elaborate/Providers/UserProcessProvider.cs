using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// User space: <c>process("PATH").function("F")</c> with <c>.call</c> and <c>.return</c>, wildcards matched against
/// the file's symbol tables. PATH is found as stap finds it (<see cref="ProcessPath"/>) and printed resolved;
/// <c>process.function</c> is the -c/-x target's program, <c>process(PID).function</c> that process's executable,
/// hit only in it.
/// With the file's DWARF (in it or under /usr/lib/debug) a function is named "F@FILE:LINE" as stap names it, "F@FILE"
/// keeps those declared in FILE, and the prototype gives its target variables; a file without DWARF gets stap's
/// debuginfo warning at each probe point. <c>process[("PATH")|(PID)].begin</c>/<c>.end</c>/<c>.thread.begin</c>/<c>.thread.end</c> are lifecycle
/// sites. <c>.mark("NAME")</c> and <c>.provider("P").mark("NAME")</c> are SDT markers (<see cref="UserMarkSite"/>).
/// <c>.insn</c> needs utrace, which no current kernel has: stap's error.
/// </summary>
internal sealed partial class UserProcessProvider : IProbeProvider
{
    // Providers are shared; what one elaboration has read (and warned about) is kept per its context.
    private static readonly ConditionalWeakTable<ProviderContext, Dictionary<string, UserBinary?>> Binaries = new();
    private static readonly ConditionalWeakTable<ProviderContext, Dictionary<string, DebugInfo.Dwarf.DwarfFile?>> DwarfFiles = new();

    public IReadOnlyList<string> Functors { get; } = ["process"];

    public IReadOnlyList<string> ProbeTypes { get; } =
    [
        .. new[] { "process(string).function(string)", "process.function(string)", "process(number).function(string)" }
            .SelectMany(f => new[] { f, f + ".call", f + ".return", f + ".inline" }),
        .. new[] { "process", "process(number)", "process(string)" }
            .SelectMany(p => new[] { p + ".begin", p + ".end", p + ".thread.begin", p + ".thread.end" }),
        .. new[] { "process", "process(number)", "process(string)" }.SelectMany(p => new[] { p + ".syscall", p + ".syscall.return" }),
        .. new[] { "process", "process(number)", "process(string)", "process.library(string)", "process(number).library(string)", "process(string).library(string)" }
            .SelectMany(p => new[] { p + ".plt", p + ".plt.return", p + ".plt(string)", p + ".plt(string).return" }),
        .. new[] { "process.library(string)", "process(number).library(string)", "process(string).library(string)" }
            .SelectMany(p => new[]
            {
                p + ".function(string)", p + ".function(string).call", p + ".function(string).return", p + ".function(string).inline", p + ".mark(string)",
            }),
        "process(string).mark(string)",
        "process(string).provider(string).mark(string)",
        .. StatementTypes,
    ];

    /// <summary>Single-stepping needs utrace, which no current kernel has.</summary>
    public IReadOnlyList<string> RefusedTypes { get; } =
        [.. new[] { "process", "process(number)", "process(string)" }.SelectMany(p => new[] { p + ".insn", p + ".insn.block" })];

    public IReadOnlyList<Type> Sites { get; } =
        [typeof(UserFunctionSite), typeof(ProcessLifecycleSite), typeof(UserMarkSite), typeof(ProcessSyscallSite), typeof(UserPltSite),
            typeof(UserStatementSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c.Length < 2 || !c[0].Is("process"))
        {
            return false;
        }
        if (PidRefusal(c, context) is { } refusal)
        {
            // the target's program (stap's cmd_file) says why it has none; the utrace-like families say it plainly
            var utrace = Lifecycle(c) is not null || c is [_, { Functor: "syscall" }, ..];
            if (c[0].Argument is null && !utrace)
            {
                Error(point, context, InvalidPid, new Diagnostic(Severity.Error, "sema.process-probe", "semantic error", refusal, null));
            }
            else
            {
                Error(point, context, refusal);
            }
            return true;
        }
        if (c[1].Is("insn"))
        {
            Error(point, context, "process probes not available without kernel CONFIG_UTRACE");
            return true;
        }
        if (c[0].Text() is { } glob && Glob.HasWildcards(glob))
        {
            return Globbed(point, glob, context, out sites);
        }
        if (c is [_, { Functor: "library" } library, _, ..] && library.Text() is { } lib)
        {
            return Library(point, lib, context, out sites);
        }
        if (TryStatement(point, context, out sites))
        {
            return true;
        }
        var plt = PltPattern(c);
        if ((c[1].Is("function") ? c[1].Text() : plt) is { } pattern && ProgramOf(c[0], context) is var (path, pid))
        {
            if (path is null)
            {
                Unnamed(point, context);
                return true;
            }
            return Program(point, path, pid, pattern, plt is not null, context, out sites);
        }
        if (MarkPattern(c) is var (provider, mark) && c[0].Text() is { } file)
        {
            return Marks(point, file, provider, mark, context, out sites);
        }
        if (Lifecycle(c) is { } e)
        {
            return LifecycleSite(point, e, context, out sites);
        }
        if (c is [_, { Functor: "syscall", Argument: null }] or [_, { Functor: "syscall", Argument: null }, { Functor: "return", Argument: null }])
        {
            return SyscallSite(point, c.Length == 3, context, out sites);
        }
        return false;
    }

    private const string Unspecified = "unspecified process probe is invalid without a -c COMMAND or -x PID [man stapprobes]";
    private const string InvalidCommand = "invalid -c command for unspecified process probe [man stapprobes]";
    private const string InvalidPid = "invalid -x pid for unspecified process probe [man stapprobes]";

    /// <summary>
    /// The program a process component names: PATH as written, PID's executable (with the PID, whose hits alone count),
    /// or without an argument the -c/-x target's. Path null: no argument and no target (stap's error); "": a program
    /// that cannot be found. Null for an argument of neither kind.
    /// </summary>
    private static (string? Path, long? Pid)? ProgramOf(ProbePointComponent process, ProviderContext context) => process switch
    {
        { Argument: null } => (ProcessPath.OfTarget(context), null),
        var p when p.Text() is { } path => (path, null),
        var p when p.Number() is > 0 and var pid => (ProcessPath.OfProcess(pid) ?? "", pid),
        _ => null,
    };

    /// <summary>
    /// stap's check (is_valid_pid) of <c>process(PID)</c>, and of -x PID for a process component without an argument: a
    /// pid above 0, of a process running here when pass 2 can tell.
    /// </summary>
    private static string? PidRefusal(ImmutableArray<ProbePointComponent> c, ProviderContext context)
    {
        var pid = c[0].Number() ?? (c[0].Argument is null && context.TargetCommand is null ? context.TargetPid : null);
        return pid switch
        {
            null => null,
            <= 0 => $"cannot probe pid {pid}: Invalid pid",
            _ => context.PidRefusal?.Invoke(pid.Value),
        };
    }

    /// <summary>stap's error for a process component without an argument that names no program: no -c or -x, or a -c
    /// command its wordexp refuses (then the reason, e.g. a shell metacharacter's "illegal characters").</summary>
    private static void Unnamed(ProbePoint point, ProviderContext context)
    {
        if (context.TargetCommand is not null && context.TargetProgram.Invalid is { } invalid)
        {
            Error(point, context, InvalidCommand, new Diagnostic(Severity.Error, "sema.process-probe", "semantic error", invalid, null));
        }
        else
        {
            Error(point, context, Unspecified);
        }
    }

    /// <summary>The name pattern of a <c>.plt[("NAME")][.return]</c> point ("*" without a name), or null.</summary>
    private static string? PltPattern(ImmutableArray<ProbePointComponent> c) => c switch
    {
        [_, { Functor: "plt" } p] => p.Argument is null ? "*" : p.Text(),
        [_, { Functor: "plt" } p, { Functor: "return", Argument: null }] => p.Argument is null ? "*" : p.Text(),
        _ => null,
    };

    private static ProcessEvent? Lifecycle(ImmutableArray<ProbePointComponent> c) => c switch
    {
        [_, { Functor: "begin", Argument: null }] => ProcessEvent.Begin,
        [_, { Functor: "end", Argument: null }] => ProcessEvent.End,
        [_, { Functor: "thread", Argument: null }, { Functor: "begin", Argument: null }] => ProcessEvent.ThreadBegin,
        [_, { Functor: "thread", Argument: null }, { Functor: "end", Argument: null }] => ProcessEvent.ThreadEnd,
        _ => null,
    };

    /// <summary><c>process.begin</c>, <c>process("PATH").begin</c>, <c>process(PID).begin</c>, and <c>.end</c>, <c>.thread.*</c>.</summary>
    private static bool LifecycleSite(ProbePoint point, ProcessEvent e, ProviderContext context, out ImmutableArray<ProbeSite> sites) =>
        ProcessScope(point, context, out sites, (path, pid, name) => new ProcessLifecycleSite(e, path, pid, name, point.Optional, point.Span));

    /// <summary><c>process[("PATH")|(PID)].syscall</c> and <c>.syscall.return</c>.</summary>
    private static bool SyscallSite(ProbePoint point, bool isReturn, ProviderContext context, out ImmutableArray<ProbeSite> sites) =>
        ProcessScope(point, context, out sites, (path, pid, name) => new ProcessSyscallSite(path, pid, isReturn, name, point.Optional, point.Span));

    /// <summary>The one site of a point on every process, on PATH's (resolved, and so printed) or on PID's.</summary>
    private static bool ProcessScope(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites, Func<string?, long?, string, ProbeSite> site)
    {
        sites = [];
        var c = point.Components;
        string? path = null;
        long? pid = c[0].Number();
        if (c[0].Text() is { } text)
        {
            if (ProcessPath.Resolve(text) is not { } resolved)
            {
                NoMatch.Report(point, context);
                return true;
            }
            path = resolved;
        }
        else if (c[0].Argument is not null && pid is not > 0)
        {
            return false;
        }
        var parts = c.ToArray();
        if (path is not null)
        {
            parts[0] = parts[0] with { Argument = new StringLiteral(path, parts[0].Span) };
        }
        sites = [site(path, pid, ProbePointText.Format(parts))];
        return true;
    }

    private bool Program(ProbePoint point, string path, long? pid, string pattern, bool plt, ProviderContext context, out ImmutableArray<ProbeSite> sites) =>
        plt ? PltStubs(point, path, pid, pattern, context, out sites) : Functions(point, path, pid, pattern, context, out sites);

    /// <summary><c>.plt</c>, <c>.plt("NAME")</c> and their <c>.return</c>: the stubs of the functions matching NAME.</summary>
    private static bool PltStubs(ProbePoint point, string path, long? pid, string pattern, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var binary = Binary(path, context);
        if (binary is null)
        {
            NoMatch.Report(point, context);
            return true;
        }
        var matches = binary.Plt.Where(e => Glob.Match(pattern, e.Name)).ToList();
        if (matches.Count == 0)
        {
            Error(point, context, "no match (similar functions: " + Suggestions.Closest(pattern, binary.Plt.Select(e => e.Name).Distinct()) + ")");
            return true;
        }
        var isReturn = point.Components.Length == 3;
        var file = ProbePointText.Format([point.Components[0] with { Argument = new StringLiteral(binary.Path, point.Components[0].Span) }]);
        sites = [.. matches.Select(e => new UserPltSite(binary.Path, e.Name, e.FileOffset, isReturn,
            file + ".statement(0x" + e.Address.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + ")" + (isReturn ? ".return" : ""),
            point.Optional, point.Span) { Pid = pid })];
        return true;
    }

    /// <summary>The functions of the file PATH names; <paramref name="pid"/>: only in that process (<c>process(PID)</c>).</summary>
    private bool Functions(ProbePoint point, string path, long? pid, string pattern, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        var isReturn = false;
        var isCall = false;
        var isInline = false;
        if (c.Length > 3 && c.Skip(2).Any(s => s.Is("inline")))
        {
            // .inline ends stap's tree, and .call/.return have no .inline below them: the second suffix is the error.
            var second = c[3];
            ProbePointErrors.Chain(point, new Diagnostic(Severity.Error, "sema.probe-point", "semantic error", "invalid suffix for probe", second.Span,
                second.Functor == "return" ? "keyword" : "identifier '" + second.Functor + "'"), context);
            return true;
        }
        foreach (var suffix in c.Skip(2))
        {
            switch (suffix.Functor)
            {
                case "return" when suffix.Argument is null && !isReturn && !isInline:
                    isReturn = true;
                    break;
                case "call" when suffix.Argument is null && !isInline:
                    isCall = true;
                    break;
                case "inline" when suffix.Argument is null && c.Length == 3:
                    isInline = true;
                    break;
                default:
                    return false;
            }
        }
        var binary = Binary(path, context);
        var function = pattern.Split('@')[0];
        var dwarf = binary is null ? null : Dwarf(binary, context);
        var matches = binary?.FunctionsMatching(function) ?? [];
        if (binary is not null && dwarf is not null)
        {
            matches = WithDwarfNames(binary, dwarf, function, matches);
        }
        var declared = matches.Select(f => dwarf is null ? null : Declaration(dwarf, f, binary!)).ToList();
        Func<string, bool>? inFile = null;
        if (pattern.IndexOf('@') is var at and >= 0 && binary is not null)
        {
            // "F@FILE": the functions declared in a file matching FILE, as stap matches it (without FNM_PATHNAME, FILE or
            // "*/FILE"); never the name alone. "F@FILE:N" is F's entry all the same, with stap's warning. Files without
            // DWARF are refused.
            var file = pattern[(at + 1)..];
            if (file.IndexOfAny([':', '+']) is var line and >= 0)
            {
                context.Diagnostics.Warning("sema.function-line", "For probing a particular line, use a .statement() probe, not .function()", point.Span, "keyword");
                file = file[..line];
            }
            if (dwarf is null)
            {
                Error(point, context, "a source file qualifier (@FILE) without the file's DWARF is not supported by this translator yet");
                return true;
            }
            inFile = path => Glob.Match(file, path) || Glob.Match("*/" + file, path);
            var keep = Enumerable.Range(0, matches.Count).Where(i => declared[i]?.DeclFile is { } path && inFile(path)).ToList();
            matches = [.. keep.Select(i => matches[i])];
            declared = [.. keep.Select(i => declared[i])];
        }
        if (isInline)
        {
            // stap's .inline skips out-of-line copies DWARF describes, but a function only the symbol table knows (no
            // DWARF, or the C runtime's _start) still comes from its symbol-table pass, which ignores the suffix.
            var keep = Enumerable.Range(0, matches.Count).Where(i => declared[i] is null).ToList();
            matches = [.. keep.Select(i => matches[i])];
            declared = [.. keep.Select(i => declared[i])];
        }
        // Inlined instances: with .function and .inline, never .call; a .return of them is stap's warning (PR 11553).
        var inlined = dwarf is null || isCall ? [] : InlinedInstances(binary!, dwarf, function, inFile, c);
        if (isReturn && inlined.Count > 0)
        {
            if (matches.Count == 0)
            {
                InlinedReturn.Warn(inlined.Select(s => s.Function), context);
            }
            inlined = [];
        }
        // stap warns at each probe point on the file (the repeats are counted as suppressed), but not for an
        // optional point that matches nothing: that one goes without a word (semok/entry01.stp under -W).
        if (binary is { HasDwarf: false } && (matches.Count > 0 || !point.Optional))
        {
            context.Diagnostics.Warning("sema.no-debuginfo",
                "cannot find module " + binary.Path + " debuginfo: No DWARF information found [man warning::debuginfo]", null);
        }
        if (matches.Count == 0 && inlined.Count == 0 && binary is not null)
        {
            // stap's candidates are DWARF's functions (an only inlined one too) and the symbol tables'.
            var names = binary.Functions.Select(f => f.Name).Concat(binary.Imported);
            try
            {
                names = [.. names, .. dwarf?.FunctionNames ?? []];
            }
            catch (DebugInfoFormatException)
            {
            }
            Error(point, context, "no match (similar functions: " + Suggestions.Closest(function, names) + ")");
            return true;
        }
        if (matches.Count == 0 && inlined.Count == 0)
        {
            NoMatch.Report(point, context);
            return true;
        }
        // stap probes what DWARF describes first (out-of-line copies, then inlined instances), then the symbol table's rest.
        var builder = ImmutableArray.CreateBuilder<ProbeSite>(matches.Count + inlined.Count);
        var order = Enumerable.Range(0, matches.Count).OrderBy(i => declared[i] is null).ToList();
        foreach (var i in order.TakeWhile(i => declared[i] is not null))
        {
            builder.Add(FunctionSite(i));
        }
        builder.AddRange(inlined.Select(s => s.Site with { Optional = point.Optional, Span = point.Span, Pid = pid }));
        foreach (var i in order.SkipWhile(i => declared[i] is not null))
        {
            builder.Add(FunctionSite(i));
        }
        sites = builder.MoveToImmutable();
        return true;

        UserFunctionSite FunctionSite(int i)
        {
            var f = matches[i];
            var parts = c.ToArray();
            parts[0] = parts[0] with { Argument = new StringLiteral(binary!.Path, parts[0].Span) };
            // With DWARF, stap names the function by where it is declared: "F@FILE:LINE".
            var shown = declared[i] is { DeclFile: { } file, DeclLine: { } line } d
                ? (d.Name ?? f.Name) + "@" + file + ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture) : f.Name;
            parts[1] = parts[1] with { Argument = new StringLiteral(shown, parts[1].Span) };
            return new UserFunctionSite(binary.Path, f.Name, f.FileOffset, isReturn, declared[i]?.Prototype(binary.Path),
                ProbePointText.Format(parts), point.Optional, point.Span)
            { Pid = pid };
        }
    }

    /// <summary>The file PATH names, read once per elaboration; null when there is none or it is not ELF.</summary>
    private static UserBinary? Binary(string path, ProviderContext context)
    {
        var cache = Binaries.GetOrCreateValue(context);
        if (ProcessPath.Resolve(path) is not { } resolved)
        {
            return null;
        }
        if (!cache.TryGetValue(resolved, out var binary))
        {
            binary = UserBinary.Open(resolved);
            cache[resolved] = binary;
        }
        return binary;
    }

    /// <summary>The file's DWARF (in it or apart), opened once per elaboration; null when it has none that reads.</summary>
    private static DebugInfo.Dwarf.DwarfFile? Dwarf(UserBinary binary, ProviderContext context)
    {
        var cache = DwarfFiles.GetOrCreateValue(context);
        if (!cache.TryGetValue(binary.Path, out var dwarf))
        {
            try
            {
                dwarf = binary.DwarfPath is { } path ? DebugInfo.Dwarf.DwarfFile.Open(path) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
            {
                dwarf = null;
            }
            cache[binary.Path] = dwarf;
        }
        return dwarf;
    }

    /// <summary>
    /// The symbols' matches and the functions DWARF names that no symbol does (a stripped library's local functions
    /// keep only an alias such as <c>__GI___tunables_init</c> in its debug file): stap matches DWARF's names first.
    /// </summary>
    private static List<UserFunction> WithDwarfNames(UserBinary binary, DebugInfo.Dwarf.DwarfFile dwarf, string pattern, IReadOnlyList<UserFunction> symbols)
    {
        var all = symbols.ToList();
        var addresses = symbols.Select(f => f.Address).ToHashSet();
        try
        {
            foreach (var d in dwarf.FunctionsMatching(pattern))
            {
                if (d is { Name: { } name, LowPc: { } low } && addresses.Add(low) && binary.FileOffsetOf(low) is { } offset)
                {
                    all.Add(new UserFunction(name, low, offset));
                }
            }
        }
        catch (DebugInfoFormatException)
        {
        }
        return [.. all.OrderBy(f => f.Address).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>The DWARF subprogram of symbol <paramref name="f"/>: the one whose code starts at its address, else null.</summary>
    private static DebugInfo.Dwarf.DwarfFunction? Declaration(DebugInfo.Dwarf.DwarfFile dwarf, UserFunction f, UserBinary binary)
    {
        try
        {
            // A symbol that is an alias (libc's malloc of __libc_malloc) has DWARF under another name at the same address:
            // stap finds it there, and names the probe point by it.
            return new[] { f.Name }.Concat(binary.Functions.Where(g => g.Address == f.Address && g.Name != f.Name).Select(g => g.Name))
                .SelectMany(name => dwarf.FunctionsMatching(name))
                .FirstOrDefault(d => d.LowPc == f.Address || d.EntryPc == f.Address);
        }
        catch (DebugInfoFormatException)
        {
            return null;
        }
    }

    /// <summary>stap's layout for these: "while resolving probe point" at the point, then the reason on its own (and
    /// what it comes from, <paramref name="cause"/>, on its own after it).</summary>
    private static void Error(ProbePoint point, ProviderContext context, string message, Diagnostic? cause = null)
    {
        if (!point.Optional)
        {
            var reason = new Diagnostic(Severity.Error, "sema.process-probe", "semantic error", message, null, Chain: cause);
            context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.process-probe", "semantic error", "while resolving probe point",
                point.Components[0].Span, "identifier '" + point.Components[0].Functor + "'", null, reason));
        }
    }
}
