using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Translate;

/// <summary>
/// A probe body that needs no per-CPU context: it only adds to per-CPU counters (<see cref="CounterGlobals"/>), under
/// conditions on numbers and on the probe's argument registers. It cannot fail (no memory read, division or call),
/// holds no lock, has no locals and prints nothing, so its runner skips the context, the busy count and preemption:
/// the hit costs the session-state test and the increments (issue 15's ftrace_ops floor). Its charges must be
/// bounded (<see cref="ActionBudget"/>); the C also falls back to the full runner under -t (STP_TIMING).
/// </summary>
internal static class ContextFreeBody
{
    public static bool Qualifies(BoundStatement body, IReadOnlySet<GlobalVariable> counters) => Statement(body, counters);

    private static bool Statement(BoundStatement s, IReadOnlySet<GlobalVariable> counters) => s switch
    {
        BoundBlock b => b.Statements.All(x => Statement(x, counters)),
        BoundIf i => Value(i.Condition) && Statement(i.Then, counters) && (i.Else is null || Statement(i.Else, counters)),
        BoundExpressionStatement { Expression: BoundIncrement { Target: BoundGlobal g } } => counters.Contains(g.Variable),
        BoundExpressionStatement
        {
            Expression: BoundAssignment { Operator: AssignmentOperator.AddAssign or AssignmentOperator.SubtractAssign, Target: BoundGlobal g } a,
        } => counters.Contains(g.Variable) && Value(a.Value),
        _ => false,
    };

    /// <summary>A long computed from literals and argument registers, by operators that raise no error.</summary>
    private static bool Value(BoundExpression e) => e.Type == StapType.Long && e switch
    {
        BoundNumber => true,
        BoundUnary u => Value(u.Operand),
        BoundTernary t => Value(t.Condition) && Value(t.Then) && Value(t.Else),
        BoundBinary b => b.Operator is not (BinaryOperator.Divide or BinaryOperator.Modulo or BinaryOperator.ShiftLeft
                or BinaryOperator.ShiftRight or BinaryOperator.UnsignedShiftRight or BinaryOperator.Concatenate
                or BinaryOperator.RegexMatch or BinaryOperator.RegexNotMatch)
            && Value(b.Left) && Value(b.Right),
        BoundTargetValue tv => tv.Steps.All(step => step is LoadParameter { Saved: false } or LoadContextArgument or LoadConstant or Narrow),
        _ => false,
    };
}
