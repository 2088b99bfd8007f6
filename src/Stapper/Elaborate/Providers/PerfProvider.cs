using System.Collections.Immutable;
using System.Globalization;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// <c>perf.type(T).config(C)</c> with <c>.sample(P)</c> or <c>.hz(F)</c>, or with <c>.process[("PATH")]</c> (the -c/-x
/// target's program without a path): stapprobes PERF. The <c>perf.hw.*</c>, <c>perf.sw.*</c> and <c>perf.hw_cache.*</c>
/// names are aliases (tapsets/linux/perf.stp). Type and config are not checked: the kernel judges them when the counter is
/// created. <c>.counter("NAME")</c> (after <c>.process("PATH")</c> or alone) is a counter <c>@perf("NAME")</c> reads: period 0,
/// and its body never runs; without a process it counts in the process of the probe reading it.
/// </summary>
internal sealed class PerfProvider : IProbeProvider
{
    /// <summary>stap's period when none is given.</summary>
    public const long DefaultPeriod = 1_000_000;

    public IReadOnlyList<string> Functors { get; } = ["perf"];

    public IReadOnlyList<string> ProbeTypes { get; } =
    [
        "perf.type(number).config(number)", "perf.type(number).config(number).sample(number)",
        "perf.type(number).config(number).hz(number)", "perf.type(number).config(number).process",
        "perf.type(number).config(number).process(string)", "perf.type(number).config(number).counter(string)",
        "perf.type(number).config(number).process(string).counter(string)",
    ];

    public IReadOnlyList<Type> Sites { get; } = [typeof(PerfSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (!c[0].Is("perf") || c[0].Argument is not null || (c.Length > 1 && !c[1].Is("type")))
        {
            return false;
        }
        if (c.Length == 1)
        {
            ProbePointErrors.Truncated(point, c[0], "hw hw_cache sw type(number)", context);
            return true;
        }
        if (c[1].Number() is not { } type)
        {
            ProbePointErrors.Mismatch(point, c[1], "type, hw, sw, hw_cache", context);
            return true;
        }
        if (c.Length == 2)
        {
            ProbePointErrors.Truncated(point, c[1], "config(number)", context);
            return true;
        }
        if (!c[2].Is("config") || c[2].Number() is not { } config)
        {
            ProbePointErrors.Mismatch(point, c[2], "config", context);
            return true;
        }
        var rest = c[3..];
        var period = DefaultPeriod;
        var frequency = false;
        var next = 0;
        if (rest.Length > 0 && (rest[0].Is("sample") || rest[0].Is("hz")) && rest[0].Number() is { } p)
        {
            if (rest[0].Is("sample") && p <= 0)
            {
                var number = (NumberLiteral)rest[0].Argument!;
                var at = p < 0 ? number.Span with { Start = number.Span.Start + 1 } : number.Span;
                ProbePointErrors.Chain(point, new Diagnostic(Severity.Error, "sema.probe-point", "semantic error",
                    "invalid perf sample period " + Number(p), at, "number '" + Number(Math.Abs(p)) + "'"), context);
                return true;
            }
            (period, frequency, next) = (p, rest[0].Is("hz"), 1);
        }
        var process = next == 0 && rest.Length > 0 && rest[0].Is("process") && (rest[0].Argument is null || rest[0].Text() is not null);
        if (process)
        {
            next = 1;
        }
        // stap: .counter follows nothing or .process("PATH"), never a bare .process, .sample or .hz.
        var counterAt = process && rest[0].Argument is null ? -1 : process ? 1 : next == 0 ? 0 : -1;
        if (counterAt >= 0 && counterAt < rest.Length && rest[counterAt].Is("counter") && rest[counterAt].Text() is { } counter)
        {
            return Counter(point, counter, type, config, process ? rest[0].Text() : null, rest[(counterAt + 1)..], context, out sites);
        }
        if (next < rest.Length)
        {
            ProbePointErrors.InvalidSuffix(point, rest[next], context);
            return true;
        }
        string? program = null;
        if (process)
        {
            program = rest[0].Text() is { } path ? ProcessPath.Resolve(path) ?? path : TargetProgram(context);
            if (program is null)
            {
                var invalid = context.TargetCommand is not null && context.TargetProgram.Invalid is not null;
                ProbePointErrors.Chain(point, new Diagnostic(Severity.Error, invalid ? "sema.perf-process-invalid" : "sema.perf-process-unspecified", "semantic error",
                    invalid ? "invalid -c command for unspecified process probe [man stapprobes]"
                        : "unspecified process probe is invalid without a -c COMMAND [man stapprobes]", null), context);
                return true;
            }
        }
        var name = $"perf.type({Number(type)}).config({Number(config)}).sample({Number(period)})"
            + (program is null ? "" : ".process(\"" + Quoted(program) + "\")");
        sites = [new PerfSite(type, config, period, frequency, program, name, point.Optional, point.Span)];
        return true;
    }

    /// <summary>
    /// <c>.counter("NAME")</c>: stap's checks (a wildcard, an empty or a duplicate name), then a counting site of the program.
    /// A counter without a process is stap's: it counts in the process of the probe that reads it.
    /// </summary>
    private static bool Counter(ProbePoint point, string counter, long type, long config, string? path,
        ImmutableArray<ProbePointComponent> rest, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        if (rest.Length > 0)
        {
            ProbePointErrors.InvalidSuffix(point, rest[0], context);
            return true;
        }
        // each its own kind: stap prints one of each
        (string Code, string Message)? refused = counter.IndexOfAny(['*', '?', '[']) >= 0 ? ("sema.perf-counter-wildcard", "wildcard not allowed with perf probe counter component")
            : counter.Length == 0 ? ("sema.perf-counter-empty", "missing perf probe counter component name")
            : !context.PerfCounters.Add(counter) ? ("sema.perf-counter-duplicate", "duplicate counter name")
            : null;
        if (refused is { } r)
        {
            ProbePointErrors.Chain(point, new Diagnostic(Severity.Error, r.Code, "semantic error", r.Message, null), context);
            return true;
        }
        // without a process: the process of each thread that reads it (stp_perf.h creates its counters as they read)
        var program = path is null ? null : ProcessPath.Resolve(path) ?? path;
        var name = $"perf.type({Number(type)}).config({Number(config)}).sample(0)"
            + (program is null ? "" : ".process(\"" + Quoted(program) + "\")") + ".counter(\"" + Quoted(counter) + "\")";
        sites = [new PerfSite(type, config, 0, false, program, name, point.Optional, point.Span) { Counter = counter }];
        return true;
    }

    private static string Quoted(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");

    /// <summary>The -c command's program (its first word as wordexp gives it, found as stap finds it) or, as stap names
    /// it, -x's <c>/proc/PID/exe</c>.</summary>
    private static string? TargetProgram(ProviderContext context) => context switch
    {
        { TargetCommand: not null } => ProcessPath.OfTarget(context) is { Length: > 0 } path ? path
            : context.TargetProgram.Program is { Length: > 0 } program ? program : null,
        { TargetPid: { } pid } => "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/exe",
        _ => null,
    };

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
