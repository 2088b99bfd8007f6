using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// The perf counters (<see cref="PerfSite.Counter"/>) defined so far in program order, each with the program it
    /// belongs to: its <c>.process</c>'s, else the first function or statement probe's that read it ("" until then).
    /// </summary>
    private readonly Dictionary<string, string> _perfCounters = new(StringComparer.Ordinal);

    private IReadOnlyList<ProbeSite> _probeSites = [];

    /// <summary>The counters the probe being bound reads, in the order of its first <c>@perf</c> of each: its values' slots.</summary>
    private readonly List<string> _perfSlots = [];

    /// <summary>
    /// Counters a probe's sites define: stap derives probes in program order, so a probe reads only the counters of
    /// the probes before it (and its own).
    /// </summary>
    public void DefinePerfCounters(IEnumerable<ProbeSite> sites)
    {
        foreach (var site in sites)
        {
            if (site is PerfSite { Counter: { } name } counter)
            {
                _perfCounters.TryAdd(name, counter.Program ?? "");
            }
        }
    }

    /// <summary>
    /// <c>@perf("NAME")</c>: in a process function, statement, marker or PLT probe (or a kernel function or
    /// statement probe, where none is found), the counter NAME as stap 4.8's expansion finds it for each of the
    /// probe's sites; elsewhere stap leaves it for its translator to refuse, which pass 3 does (Counter null).
    /// </summary>
    private BoundExpression BindPerf(PerfExpression e)
    {
        if (_probeSites.Count == 0 || !_probeSites.All(s => s is UserFunctionSite or UserStatementSite or UserMarkSite or UserPltSite
                or KernelFunctionSite or KernelStatementSite))
        {
            return new BoundPerfRead(e.Name, null, -1, e.Span);
        }
        if (_probeSites.FirstOrDefault(s => !ReadsPerfCounter(s, e.Name)) is { } site)
        {
            // stap's dwarf expansion throws while deriving the probe: the cause alone, then the probe point that failed.
            if (!_statementFailed)
            {
                _statementFailed = true;
                _diagnostics.Add(new Diagnostic(Severity.Error, "sema.perf-counter", Semantic, "perf counter '" + e.Name + "' not defined", null));
                _diagnostics.Add(new Diagnostic(Severity.Error, "sema.perf-counter-probe", Semantic, "while resolving probe point", site.Span,
                    "identifier '" + (site is UprobeSite ? "process" : "kernel") + "'"));
            }
            return new BoundInvalid(e.Span);
        }
        var slot = _perfSlots.IndexOf(e.Name);
        if (slot < 0)
        {
            slot = _perfSlots.Count;
            _perfSlots.Add(e.Name);
        }
        return new BoundPerfRead(e.Name, e.Name, slot, e.Span);
    }

    /// <summary>
    /// stap 4.8's rule: a counter without a program takes the reader's, and the reader's must then be the counter's.
    /// Its marker and PLT probes (and kernel probes) have no program (""): they read only counters without one, and
    /// leave them unbound. Kernel probes are refused all the same: a kprobe reads no counter (docs/conformance.md).
    /// </summary>
    private bool ReadsPerfCounter(ProbeSite site, string name)
    {
        if (!_perfCounters.TryGetValue(name, out var program))
        {
            return false;
        }
        var reader = site is UserFunctionSite or UserStatementSite ? ((UprobeSite)site).Program ?? ((UprobeSite)site).Path : "";
        if (program.Length == 0)
        {
            _perfCounters[name] = program = reader;
        }
        return program == reader && site is UprobeSite;
    }
}
