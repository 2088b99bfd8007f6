using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Translate;

/// <summary>
/// Which globals a probe touches, in its body and in every function it reaches through calls at any
/// depth, and whether it writes them: the probe takes those locks (read or write) at entry, in name
/// order. For a stats global the sense is stap's: adding (<c>&lt;&lt;&lt;</c>) shares the lock, reading
/// the aggregate excludes. Counter globals (<see cref="CounterGlobals"/>) take no lock: their hits add to per-CPU copies.
/// Embedded C touches the globals its pragmas name (<see cref="PragmaGlobals"/>), as stap's lock analysis counts them.
/// </summary>
internal sealed class GlobalAccess(CallGraph calls, IReadOnlySet<GlobalVariable> counters, IReadOnlyList<GlobalVariable> globals)
{
    private readonly Dictionary<FunctionKey, Dictionary<GlobalVariable, bool>> _functions = new();

    /// <summary>Globals and true when written, sorted by name.</summary>
    public IReadOnlyList<(GlobalVariable Global, bool Write)> ForProbe(Probe probe)
    {
        var access = Direct(probe.Body);
        foreach (var function in calls.ReachableFrom(probe.Body))
        {
            foreach (var (global, write) in OfFunction(function))
            {
                Collector.Touch(access, global, write);
            }
        }
        return access.Where(p => !counters.Contains(p.Key)).OrderBy(p => p.Key.Name, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
    }

    private Dictionary<GlobalVariable, bool> OfFunction(ScriptFunction function)
    {
        var key = FunctionKey.Of(function);
        if (!_functions.TryGetValue(key, out var access))
        {
            _functions[key] = access = function.Body is { } body ? Direct(body) : [];
            if (function.Embedded is { } embedded)
            {
                Collector.TouchPragmas(access, embedded.Code, globals);
            }
        }
        return access;
    }

    private Dictionary<GlobalVariable, bool> Direct(BoundStatement body)
    {
        var collector = new Collector(globals);
        collector.Visit(body);
        return collector.Access;
    }

    /// <summary>The globals one body touches itself; calls are followed by the caller through the call graph.</summary>
    private sealed class Collector(IReadOnlyList<GlobalVariable> globals) : BoundTreeWalker
    {
        public Dictionary<GlobalVariable, bool> Access { get; } = new();

        public static void Touch(Dictionary<GlobalVariable, bool> access, GlobalVariable global, bool write) =>
            access[global] = access.GetValueOrDefault(global) || write;

        public static void TouchPragmas(Dictionary<GlobalVariable, bool> access, string code, IReadOnlyList<GlobalVariable> globals)
        {
            foreach (var (global, _, write) in PragmaGlobals.In(code, globals))
            {
                Touch(access, global, write);
            }
        }

        protected override void VisitEmbedded(BoundEmbeddedExpression node) => TouchPragmas(Access, node.Code, globals);

        private void Touch(GlobalVariable global, bool write) => Touch(Access, global, write);

        private void Target(BoundVariable target, bool write)
        {
            switch (target)
            {
                case BoundGlobal g:
                    Touch(g.Variable, write);
                    break;
                case BoundArrayElement a:
                    Touch(a.Array, write);
                    VisitChildren(a);
                    break;
            }
        }

        protected override void VisitGlobal(BoundGlobal node) => Touch(node.Variable, false);

        protected override void VisitArrayElement(BoundArrayElement node) => Target(node, false);

        protected override void VisitForeach(BoundForeach node)
        {
            Touch(node.Array, true); // sorting uses the map's scratch space
            VisitChildren(node);
        }

        protected override void VisitDeleteArray(BoundDeleteArray node) => Touch(node.Array, true);

        protected override void VisitDeleteElement(BoundDeleteElement node)
        {
            Touch(node.Array, true);
            VisitChildren(node);
        }

        protected override void VisitDeleteScalar(BoundDeleteScalar node) => Target(node.Variable, true);

        protected override void VisitAssignment(BoundAssignment node)
        {
            // `<<<` adds to this CPU's copy: shared with other adders (stp_pstat.h)
            Target(node.Target, node.Operator != AssignmentOperator.Aggregate);
            Visit(node.Value);
        }

        protected override void VisitIncrement(BoundIncrement node) => Target(node.Target, true);

        protected override void VisitIn(BoundIn node)
        {
            Touch(node.Array, node.Array.Type == StapType.Stats);
            VisitChildren(node);
        }

        // Reading an aggregate folds the CPUs' copies: exclusive.
        protected override void VisitAggregate(BoundAggregate node) => Target(node.Operand, true);

        protected override void VisitHistogram(BoundHistogram node) => Target(node.Operand, true);
    }
}
