using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Translate;

/// <summary>
/// Which globals a probe touches, through the functions it calls, and whether it writes them:
/// the probe takes those locks (read or write) at entry, in name order. For a stats global the
/// sense is stap's: adding (<c>&lt;&lt;&lt;</c>) shares the lock, reading the aggregate excludes.
/// </summary>
internal sealed class GlobalAccess
{
    private readonly Dictionary<string, Dictionary<GlobalVariable, bool>> _functionAccess = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScriptFunction> _functions;

    public GlobalAccess(IEnumerable<ScriptFunction> functions)
    {
        _functions = functions.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>Globals and true when written, sorted by name.</summary>
    public IReadOnlyList<(GlobalVariable Global, bool Write)> ForProbe(Probe probe)
    {
        var acc = new Dictionary<GlobalVariable, bool>(ByName.Instance);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        Statement(probe.Body, acc, visiting);
        return acc.OrderBy(p => p.Key.Name, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
    }

    private static void Touch(Dictionary<GlobalVariable, bool> acc, GlobalVariable g, bool write)
    {
        acc[g] = acc.TryGetValue(g, out var w) ? w || write : write;
    }

    /// <summary>Globals are one variable per name (bound nodes may carry copies of the record).</summary>
    private sealed class ByName : IEqualityComparer<GlobalVariable>
    {
        public static readonly ByName Instance = new();
        public bool Equals(GlobalVariable? x, GlobalVariable? y) => x?.Name == y?.Name;
        public int GetHashCode(GlobalVariable g) => StringComparer.Ordinal.GetHashCode(g.Name);
    }

    private void Function(ScriptFunction f, Dictionary<GlobalVariable, bool> acc, HashSet<string> visiting)
    {
        if (_functionAccess.TryGetValue(f.Name, out var cached))
        {
            foreach (var (g, w) in cached)
            {
                Touch(acc, g, w);
            }
            return;
        }
        if (!visiting.Add(f.Name) || f.Body is null)
        {
            return;
        }
        var own = new Dictionary<GlobalVariable, bool>(ByName.Instance);
        Statement(f.Body, own, visiting);
        visiting.Remove(f.Name);
        if (visiting.Count == 0)
        {
            _functionAccess[f.Name] = own;
        }
        foreach (var (g, w) in own)
        {
            Touch(acc, g, w);
        }
    }

    private void Statement(BoundStatement s, Dictionary<GlobalVariable, bool> acc, HashSet<string> v)
    {
        switch (s)
        {
            case BoundBlock b:
                foreach (var x in b.Statements)
                {
                    Statement(x, acc, v);
                }
                break;
            case BoundExpressionStatement e:
                Expression(e.Expression, acc, v);
                break;
            case BoundIf i:
                Expression(i.Condition, acc, v);
                Statement(i.Then, acc, v);
                if (i.Else is not null)
                {
                    Statement(i.Else, acc, v);
                }
                break;
            case BoundWhile w:
                Expression(w.Condition, acc, v);
                Statement(w.Body, acc, v);
                break;
            case BoundFor f:
                Opt(f.Init, acc, v);
                Opt(f.Condition, acc, v);
                Opt(f.Increment, acc, v);
                Statement(f.Body, acc, v);
                break;
            case BoundForeach fe:
                Touch(acc, fe.Array, true); // sorting uses the map's scratch space
                foreach (var k in fe.Slice)
                {
                    Opt(k, acc, v);
                }
                Opt(fe.Limit, acc, v);
                Statement(fe.Body, acc, v);
                break;
            case BoundReturn r:
                Opt(r.Value, acc, v);
                break;
            case BoundDeleteArray d:
                Touch(acc, d.Array, true);
                break;
            case BoundDeleteElement d:
                Touch(acc, d.Array, true);
                foreach (var k in d.Keys)
                {
                    Opt(k, acc, v);
                }
                break;
            case BoundDeleteScalar d:
                Target(d.Variable, acc, v, true);
                break;
            case BoundTry t:
                Statement(t.Try, acc, v);
                Statement(t.Catch, acc, v);
                break;
        }
    }

    private void Opt(BoundExpression? e, Dictionary<GlobalVariable, bool> acc, HashSet<string> v)
    {
        if (e is not null)
        {
            Expression(e, acc, v);
        }
    }

    private void Target(BoundVariable t, Dictionary<GlobalVariable, bool> acc, HashSet<string> v, bool write)
    {
        switch (t)
        {
            case BoundGlobal g:
                Touch(acc, g.Variable, write);
                break;
            case BoundArrayElement a:
                Touch(acc, a.Array, write);
                foreach (var k in a.Keys)
                {
                    Expression(k, acc, v);
                }
                break;
        }
    }

    private void Expression(BoundExpression e, Dictionary<GlobalVariable, bool> acc, HashSet<string> v)
    {
        switch (e)
        {
            case BoundGlobal or BoundArrayElement:
                Target((BoundVariable)e, acc, v, false);
                break;
            case BoundAssignment a:
                // `<<<` adds to this CPU's copy: shared with other adders (stp_pstat.h)
                Target(a.Target, acc, v, a.Operator != AssignmentOperator.Aggregate);
                Expression(a.Value, acc, v);
                break;
            case BoundBinary b:
                Expression(b.Left, acc, v);
                Expression(b.Right, acc, v);
                break;
            case BoundUnary u:
                Expression(u.Operand, acc, v);
                break;
            case BoundIncrement i:
                Target(i.Target, acc, v, true);
                break;
            case BoundTernary t:
                Expression(t.Condition, acc, v);
                Expression(t.Then, acc, v);
                Expression(t.Else, acc, v);
                break;
            case BoundIn i:
                Touch(acc, i.Array, i.Array.Type == StapType.Stats);
                foreach (var k in i.Keys)
                {
                    Opt(k, acc, v);
                }
                break;
            case BoundCall c:
                foreach (var a in c.Arguments)
                {
                    Expression(a, acc, v);
                }
                Function(c.Function, acc, v);
                break;
            case BoundAggregate ag:
                // reading an aggregate folds the CPUs' copies: exclusive
                Target(ag.Operand, acc, v, true);
                break;
            case BoundHistogram h:
                Target(h.Operand, acc, v, true);
                break;
            case BoundPrint p:
                Opt(p.Delimiter, acc, v);
                foreach (var a in p.Arguments)
                {
                    Expression(a, acc, v);
                }
                break;
            case BoundRegexMatch r:
                Expression(r.Subject, acc, v);
                break;
            case BoundTargetValue t:
                foreach (var operand in t.Operands)
                {
                    Expression(operand, acc, v);
                }
                break;
        }
    }
}
