using System.Collections.Immutable;
using Stapper.Parse;

namespace Stapper.Elaborate.Optimize;

/// <summary>A variable as the optimizer tells them apart: a global by name, a local by its owner and name.</summary>
internal readonly record struct VariableKey(object? Owner, string Name)
{
    public static VariableKey Global(string name) => new(null, name);
}

/// <summary>
/// The variables whose writes a statement's owner can see: its own locals and every global. Two sets, so that a
/// script with thousands of globals and probes does not copy the globals into a set per probe.
/// </summary>
internal sealed record FocalVariables(IReadOnlySet<VariableKey> Locals, IReadOnlySet<VariableKey> Globals)
{
    public bool Contains(VariableKey key) => key.Owner is null ? Globals.Contains(key) : Locals.Contains(key);
}

/// <summary>
/// Which variables some code reads and writes, through the functions it calls, and whether it has
/// effects the optimizer cannot see (printing, embedded C not marked <c>/* pure */</c>): stap's varuse.
/// </summary>
internal sealed class VariableUse
{
    private readonly Func<BoundCall, OptimizedFunction?> _callee;
    private readonly HashSet<OptimizedFunction> _entered = new(ReferenceEqualityComparer.Instance);

    private readonly Walker _walker;

    public VariableUse(Func<BoundCall, OptimizedFunction?> callee)
    {
        _callee = callee;
        _walker = new Walker(this);
    }

    public HashSet<VariableKey> Read { get; } = new();
    public HashSet<VariableKey> Written { get; } = new();
    public bool EmbeddedSeen { get; private set; }

    /// <summary>Functions reached through calls, in the order first called.</summary>
    public List<OptimizedFunction> Reached { get; } = new();

    public bool SideEffectFree => Written.Count == 0 && !EmbeddedSeen;

    /// <summary>Free of effects visible to code that sees only <paramref name="focal"/> (its locals and the globals).</summary>
    public bool SideEffectFreeFor(FocalVariables focal) => !EmbeddedSeen && !Written.Any(focal.Contains);

    public void Statement(BoundStatement? statement, object owner) => Walk(statement, owner);

    public void Expression(BoundExpression? expression, object owner) => Walk(expression, owner);

    private void Walk(object? node, object owner)
    {
        var outer = _walker.Owner;
        _walker.Owner = owner;
        _walker.Visit(node);
        _walker.Owner = outer;
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
            Pragmas(embedded.Code);
            return;
        }
        Walk(function.Body, function);
    }

    /// <summary>The globals embedded C names in <c>/* pragma:read:VAR */</c>, <c>/* pragma:write:VAR */</c>, as stap's varuse counts them.</summary>
    private void Pragmas(string code)
    {
        foreach (var (name, write) in EmbeddedPragmaMarkers.Globals(code))
        {
            (write ? Written : Read).Add(VariableKey.Global(name));
        }
    }

    /// <summary>The walk itself: what each node reads and writes, for the code's owner (a probe or function).</summary>
    private sealed class Walker(VariableUse use) : BoundTreeWalker
    {
        public object? Owner { get; set; }

        private VariableKey Local(string name) => new(Owner, name);

        private void Target(BoundVariable target, bool read)
        {
            var key = target switch
            {
                BoundLocal l => Local(l.Variable.Name),
                BoundGlobal g => VariableKey.Global(g.Variable.Name),
                BoundArrayElement a => VariableKey.Global(a.Array.Name),
                _ => default,
            };
            use.Written.Add(key);
            if (read)
            {
                use.Read.Add(key);
            }
            if (target is BoundArrayElement element)
            {
                VisitChildren(element);
            }
        }

        protected override void VisitForeach(BoundForeach node)
        {
            use.Read.Add(VariableKey.Global(node.Array.Name));
            if (node.SortDirection != SortDirection.None)
            {
                use.Written.Add(VariableKey.Global(node.Array.Name));
            }
            foreach (var key in node.Keys)
            {
                use.Written.Add(Local(key.Name));
            }
            if (node.Value is { } value)
            {
                use.Written.Add(Local(value.Name));
            }
            VisitChildren(node);
        }

        protected override void VisitDeleteArray(BoundDeleteArray node) => use.ReadWrite(VariableKey.Global(node.Array.Name));

        protected override void VisitDeleteElement(BoundDeleteElement node)
        {
            use.ReadWrite(VariableKey.Global(node.Array.Name));
            VisitChildren(node);
        }

        protected override void VisitDeleteScalar(BoundDeleteScalar node) => Target(node.Variable, read: true);

        protected override void VisitTry(BoundTry node)
        {
            Visit(node.Try);
            if (node.CatchVariable is { } error)
            {
                use.Written.Add(Local(error.Name));
            }
            Visit(node.Catch);
        }

        protected override void VisitLocal(BoundLocal node) => use.Read.Add(Local(node.Variable.Name));

        protected override void VisitGlobal(BoundGlobal node) => use.Read.Add(VariableKey.Global(node.Variable.Name));

        protected override void VisitArrayElement(BoundArrayElement node)
        {
            use.Read.Add(VariableKey.Global(node.Array.Name));
            VisitChildren(node);
        }

        protected override void VisitAssignment(BoundAssignment node)
        {
            Target(node.Target, read: node.Operator is not (AssignmentOperator.Assign or AssignmentOperator.Aggregate));
            Visit(node.Value);
        }

        protected override void VisitIncrement(BoundIncrement node) => Target(node.Target, read: true);

        // Writing the kernel's memory or registers is a side effect no optimizer may drop.
        protected override void VisitTargetWrite(BoundTargetWrite node)
        {
            use.EmbeddedSeen = true;
            VisitChildren(node);
        }

        protected override void VisitCall(BoundCall node)
        {
            VisitChildren(node);
            use.Enter(node);
        }

        protected override void VisitPrint(BoundPrint node)
        {
            if (node.Kind is not (PrintKind.Sprint or PrintKind.Sprintln or PrintKind.Sprintd or PrintKind.Sprintdln or PrintKind.Sprintf))
            {
                use.EmbeddedSeen = true;
            }
            VisitChildren(node);
        }

        protected override void VisitInvalid(BoundInvalid node) => use.EmbeddedSeen = true;

        protected override void VisitEmbedded(BoundEmbeddedExpression node)
        {
            if (!node.Pragmas.HasFlag(EmbeddedPragmas.Pure))
            {
                use.EmbeddedSeen = true;
            }
            use.Pragmas(node.Code);
        }

        protected override void VisitIn(BoundIn node)
        {
            use.Read.Add(VariableKey.Global(node.Array.Name));
            VisitChildren(node);
        }
    }
}
