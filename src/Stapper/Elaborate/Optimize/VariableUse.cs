using System.Collections.Immutable;
using Stapper.Parse;

namespace Stapper.Elaborate.Optimize;

/// <summary>A variable as the optimizer tells them apart: a global by name, a local by its owner and name.</summary>
internal readonly record struct VariableKey(object? Owner, string Name)
{
    public static VariableKey Global(string name) => new(null, name);
}

/// <summary>
/// Which variables some code reads and writes, through the functions it calls, and whether it has
/// effects the optimizer cannot see (printing, embedded C not marked <c>/* pure */</c>): stap's varuse.
/// </summary>
internal sealed class VariableUse
{
    private readonly Func<BoundCall, OptimizedFunction?> _callee;
    private readonly HashSet<OptimizedFunction> _entered = new(ReferenceEqualityComparer.Instance);

    public VariableUse(Func<BoundCall, OptimizedFunction?> callee) => _callee = callee;

    public HashSet<VariableKey> Read { get; } = new();
    public HashSet<VariableKey> Written { get; } = new();
    public bool EmbeddedSeen { get; private set; }

    /// <summary>Functions reached through calls, in the order first called.</summary>
    public List<OptimizedFunction> Reached { get; } = new();

    public bool SideEffectFree => Written.Count == 0 && !EmbeddedSeen;

    /// <summary>Free of effects visible to code that sees only <paramref name="focal"/> (its locals and the globals).</summary>
    public bool SideEffectFreeFor(IReadOnlySet<VariableKey> focal) => !EmbeddedSeen && !Written.Overlaps(focal);

    public void Statement(BoundStatement? statement, object owner)
    {
        switch (statement)
        {
            case null:
                break;
            case BoundBlock b:
                foreach (var s in b.Statements)
                {
                    Statement(s, owner);
                }
                break;
            case BoundExpressionStatement s:
                Expression(s.Expression, owner);
                break;
            case BoundIf s:
                Expression(s.Condition, owner);
                Statement(s.Then, owner);
                Statement(s.Else, owner);
                break;
            case BoundWhile s:
                Expression(s.Condition, owner);
                Statement(s.Body, owner);
                break;
            case BoundFor s:
                Expression(s.Init, owner);
                Expression(s.Condition, owner);
                Expression(s.Increment, owner);
                Statement(s.Body, owner);
                break;
            case BoundForeach s:
                Read.Add(VariableKey.Global(s.Array.Name));
                if (s.SortDirection != SortDirection.None)
                {
                    Written.Add(VariableKey.Global(s.Array.Name));
                }
                foreach (var key in s.Keys)
                {
                    Written.Add(new VariableKey(owner, key.Name));
                }
                if (s.Value is { } value)
                {
                    Written.Add(new VariableKey(owner, value.Name));
                }
                foreach (var slice in s.Slice)
                {
                    Expression(slice, owner);
                }
                Expression(s.Limit, owner);
                Statement(s.Body, owner);
                break;
            case BoundReturn s:
                Expression(s.Value, owner);
                break;
            case BoundDeleteArray s:
                ReadWrite(VariableKey.Global(s.Array.Name));
                break;
            case BoundDeleteElement s:
                ReadWrite(VariableKey.Global(s.Array.Name));
                foreach (var key in s.Keys)
                {
                    Expression(key, owner);
                }
                break;
            case BoundDeleteScalar s:
                Target(s.Variable, owner, read: true);
                break;
            case BoundTry s:
                Statement(s.Try, owner);
                if (s.CatchVariable is { } error)
                {
                    Written.Add(new VariableKey(owner, error.Name));
                }
                Statement(s.Catch, owner);
                break;
        }
    }

    public void Expression(BoundExpression? expression, object owner)
    {
        switch (expression)
        {
            case null:
                break;
            case BoundLocal l:
                Read.Add(new VariableKey(owner, l.Variable.Name));
                break;
            case BoundGlobal g:
                Read.Add(VariableKey.Global(g.Variable.Name));
                break;
            case BoundArrayElement a:
                Read.Add(VariableKey.Global(a.Array.Name));
                foreach (var key in a.Keys)
                {
                    Expression(key, owner);
                }
                break;
            case BoundAssignment a:
                Target(a.Target, owner, read: a.Operator is not (AssignmentOperator.Assign or AssignmentOperator.Aggregate));
                Expression(a.Value, owner);
                break;
            case BoundIncrement i:
                Target(i.Target, owner, read: true);
                break;
            case BoundCall c:
                foreach (var argument in c.Arguments)
                {
                    Expression(argument, owner);
                }
                Enter(c);
                break;
            case BoundPrint p:
                if (p.Kind is not (PrintKind.Sprint or PrintKind.Sprintln or PrintKind.Sprintd or PrintKind.Sprintdln or PrintKind.Sprintf))
                {
                    EmbeddedSeen = true;
                }
                Expression(p.Delimiter, owner);
                foreach (var argument in p.Arguments)
                {
                    Expression(argument, owner);
                }
                break;
            case BoundInvalid:
                EmbeddedSeen = true;
                break;
            case BoundEmbeddedExpression e:
                if (!e.Pragmas.HasFlag(EmbeddedPragmas.Pure))
                {
                    EmbeddedSeen = true;
                }
                break;
            case BoundBinary b:
                Expression(b.Left, owner);
                Expression(b.Right, owner);
                break;
            case BoundUnary u:
                Expression(u.Operand, owner);
                break;
            case BoundTernary t:
                Expression(t.Condition, owner);
                Expression(t.Then, owner);
                Expression(t.Else, owner);
                break;
            case BoundIn i:
                Read.Add(VariableKey.Global(i.Array.Name));
                foreach (var key in i.Keys)
                {
                    Expression(key, owner);
                }
                break;
            case BoundAggregate a:
                Expression(a.Operand, owner);
                break;
            case BoundHistogram h:
                Expression(h.Operand, owner);
                break;
            case BoundRegexMatch r:
                Expression(r.Subject, owner);
                break;
        }
    }

    private void Target(BoundVariable target, object owner, bool read)
    {
        var key = target switch
        {
            BoundLocal l => new VariableKey(owner, l.Variable.Name),
            BoundGlobal g => VariableKey.Global(g.Variable.Name),
            BoundArrayElement a => VariableKey.Global(a.Array.Name),
            _ => default,
        };
        Written.Add(key);
        if (read)
        {
            Read.Add(key);
        }
        if (target is BoundArrayElement element)
        {
            foreach (var k in element.Keys)
            {
                Expression(k, owner);
            }
        }
    }

    private void ReadWrite(VariableKey key)
    {
        Read.Add(key);
        Written.Add(key);
    }

    /// <summary>A callee's body is visited once, as stap's functioncall-traversing visitor does.</summary>
    private void Enter(BoundCall call)
    {
        if (_callee(call) is not { } function || !_entered.Add(function))
        {
            return;
        }
        Reached.Add(function);
        if (function.Embedded is { } embedded)
        {
            if (!embedded.Pragmas.HasFlag(EmbeddedPragmas.Pure))
            {
                EmbeddedSeen = true;
            }
            return;
        }
        Statement(function.Body, function);
    }
}
