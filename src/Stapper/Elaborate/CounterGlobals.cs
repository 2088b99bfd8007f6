using System.Collections.Immutable;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// Scalar long globals that the script only ever adds to (<c>n++</c>, <c>n--</c>, <c>n += e</c>, <c>n -= e</c> as
/// statements, their value unused) and otherwise only reads. Each becomes a per-CPU counter: a hit adds to its CPU's
/// copy without the global's lock, a read folds the copies onto the base (the initializer or -G value), so counts
/// stay exact while CPUs no longer contend for the write lock. Any other write (assignment, delete, an increment
/// whose value is used) keeps the global an ordinary locked one, and so does embedded C naming it in a
/// <c>/* pragma:read */</c> or <c>/* pragma:write */</c> (its macros reach the base alone). Pass 2 decides (<see cref="ElaboratedProgram.Counters"/>),
/// over the probes and the call graph's functions; pass 3 emits the copies and takes no lock for them.
/// </summary>
internal static class CounterGlobals
{
    public static IReadOnlySet<GlobalVariable> Find(ImmutableArray<Probe> probes, CallGraph calls)
    {
        var walker = new Walker();
        foreach (var probe in probes)
        {
            walker.Visit(probe.Body);
        }
        foreach (var function in calls.Functions)
        {
            walker.Visit(function.Body);
            if (function.Embedded is { } embedded)
            {
                walker.Named.UnionWith(PragmaGlobals.Names(embedded.Code));
            }
        }
        return walker.Added.Where(g => !walker.Excluded.Contains(g) && !walker.Named.Contains(g.Name) && !g.IsArray && g.Type == StapType.Long).ToHashSet();
    }

    private sealed class Walker : BoundTreeWalker
    {
        public HashSet<GlobalVariable> Added { get; } = [];

        public HashSet<GlobalVariable> Excluded { get; } = [];

        /// <summary>Globals named by embedded C's pragmas.</summary>
        public HashSet<string> Named { get; } = new(StringComparer.Ordinal);

        protected override void VisitEmbedded(BoundEmbeddedExpression node) => Named.UnionWith(PragmaGlobals.Names(node.Code));

        protected override void VisitExpressionStatement(BoundExpressionStatement node)
        {
            switch (node.Expression)
            {
                case BoundIncrement { Target: BoundGlobal g }:
                    Added.Add(g.Variable);
                    break;
                case BoundAssignment { Operator: AssignmentOperator.AddAssign or AssignmentOperator.SubtractAssign, Target: BoundGlobal g } a:
                    Added.Add(g.Variable);
                    Visit(a.Value);
                    break;
                default:
                    VisitChildren(node);
                    break;
            }
        }

        protected override void VisitIncrement(BoundIncrement node)
        {
            Exclude(node.Target);
            VisitChildren(node);
        }

        protected override void VisitAssignment(BoundAssignment node)
        {
            Exclude(node.Target);
            VisitChildren(node);
        }

        protected override void VisitDeleteScalar(BoundDeleteScalar node)
        {
            Exclude(node.Variable);
            VisitChildren(node);
        }

        private void Exclude(BoundVariable target)
        {
            if (target is BoundGlobal g)
            {
                Excluded.Add(g.Variable);
            }
        }
    }
}
