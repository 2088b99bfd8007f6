using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    /// <summary>The program's perf counters (<see cref="PerfSite.Counter"/>), for <c>@perf</c>.</summary>
    public IReadOnlyList<PerfSite> PerfCounters { get; init; } = [];

    private IReadOnlyList<ProbeSite> _probeSites = [];

    /// <summary>The counters the probe being bound reads, in the order of its first <c>@perf</c> of each: its values' slots.</summary>
    private readonly List<string> _perfSlots = [];

    /// <summary>
    /// <c>@perf("NAME")</c>: in a process function or statement probe, the counter NAME defined for that process (or for
    /// no process); in a kernel function or statement probe none is, as stap's expansion finds; elsewhere stap leaves it
    /// for its translator to refuse, which pass 3 does (Counter null).
    /// </summary>
    private BoundExpression BindPerf(PerfExpression e)
    {
        if (_probeSites.Count == 0 || !_probeSites.All(s => s is UserFunctionSite or UserStatementSite or KernelFunctionSite or KernelStatementSite))
        {
            return new BoundPerfRead(e.Name, null, -1, e.Span);
        }
        var program = _probeSites[0] is UprobeSite u ? u.Program ?? u.Path : null;
        var counter = program is null ? null : PerfCounters.FirstOrDefault(c => c.Counter == e.Name && (c.Program is null || c.Program == program));
        if (counter is null)
        {
            // stap's dwarf expansion throws while deriving the probe: the cause alone, then the probe point that failed.
            if (!_statementFailed)
            {
                _statementFailed = true;
                var site = _probeSites[0];
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
}
