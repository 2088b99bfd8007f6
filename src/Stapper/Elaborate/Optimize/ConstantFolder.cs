using Stapper.Parse;

namespace Stapper.Elaborate.Optimize;

/// <summary>
/// stap's const_folder, one node at a time (its operands already folded): arithmetic, comparisons and
/// concatenation of literals, identities (x+0, x*1, "" . s) and absorbing operands (x*0, x|-1, when x has no side
/// effect), short-circuits with a literal side, and the branch a literal condition selects. It runs in pass 2 even
/// with -u, as stap's does; <c>&gt;&gt;&gt;</c> is left alone (stap rejects it on two literals).
/// </summary>
internal static class ConstantFolder
{
    /// <summary>The node's replacement, or null when it does not fold.</summary>
    public static BoundExpression? Expression(BoundExpression e, Func<BoundExpression, bool> sideEffectFree) => e switch
    {
        BoundUnary { Operand: BoundNumber n } u => Number(Unary(u.Operator, n.Value), u),
        BoundBinary { Operator: BinaryOperator.LogicalAnd or BinaryOperator.LogicalOr } b => Logical(b, sideEffectFree),
        BoundBinary { Operator: BinaryOperator.Concatenate } b => Concatenation(b),
        BoundBinary
        {
            Operator: BinaryOperator.Less or BinaryOperator.LessEqual or BinaryOperator.Greater or BinaryOperator.GreaterEqual
            or BinaryOperator.Equal or BinaryOperator.NotEqual
        } b => Comparison(b, sideEffectFree),
        BoundBinary { Operator: not (BinaryOperator.UnsignedShiftRight or BinaryOperator.RegexMatch or BinaryOperator.RegexNotMatch) } b
            => Arithmetic(b, sideEffectFree),
        BoundTernary { Condition: BoundNumber n } t => n.Value != 0 ? t.Then : t.Else,
        _ => null,
    };

    /// <summary>Which branch a literal condition takes, or null when the condition is not a literal.</summary>
    public static bool? Branch(BoundExpression condition) => condition is BoundNumber n ? n.Value != 0 : null;

    /// <summary>After one of these, the rest of its block never runs (stap's dead_control_remover).</summary>
    public static bool EndsBlock(BoundStatement s) => s is BoundReturn or BoundNext or BoundBreak or BoundContinue;

    private static long Unary(UnaryOperator op, long value) => op switch
    {
        UnaryOperator.Negate => unchecked(-value),
        UnaryOperator.LogicalNot => value == 0 ? 1 : 0,
        UnaryOperator.BitNot => ~value,
        _ => value,
    };

    private static BoundExpression? Arithmetic(BoundBinary e, Func<BoundExpression, bool> sideEffectFree)
    {
        var left = e.Left as BoundNumber;
        var right = e.Right as BoundNumber;
        var op = e.Operator;
        if (right is { Value: 0 } && op is BinaryOperator.Divide or BinaryOperator.Modulo)
        {
            return null; // left for the runtime's division-by-zero error
        }
        if (left is not null && right is not null)
        {
            return Number(Compute(op, left.Value, right.Value), e);
        }
        var other = left is not null ? e.Right : e.Left;
        if (Absorbs(op, left?.Value, right?.Value))
        {
            return sideEffectFree(other)
                ? Number(left is not null ? left.Value : op == BinaryOperator.Modulo ? 0 : right!.Value, e)
                : null;
        }
        return IsIdentity(op, left?.Value, right?.Value) ? other : null;
    }

    private static long Compute(BinaryOperator op, long l, long r) => unchecked(op switch
    {
        BinaryOperator.Add => l + r,
        BinaryOperator.Subtract => l - r,
        BinaryOperator.Multiply => l * r,
        BinaryOperator.BitAnd => l & r,
        BinaryOperator.BitOr => l | r,
        BinaryOperator.BitXor => l ^ r,
        BinaryOperator.ShiftRight => l >> (int)Math.Clamp(r, 0, 64),
        BinaryOperator.ShiftLeft => l << (int)Math.Clamp(r, 0, 64),
        BinaryOperator.Divide => l == long.MinValue && r == -1 ? long.MinValue : l / r,
        BinaryOperator.Modulo => l == long.MinValue && r == -1 ? 0 : l % r,
        _ => throw new InvalidOperationException("not an arithmetic operator: " + op),
    });

    /// <summary>0*x, x&amp;0, 0&lt;&lt;x, -1|x, x%1...: the value does not depend on the other operand.</summary>
    private static bool Absorbs(BinaryOperator op, long? left, long? right) =>
        (left == 0 && op is BinaryOperator.Multiply or BinaryOperator.BitAnd or BinaryOperator.ShiftRight or BinaryOperator.ShiftLeft)
        || (left == -1 && op is BinaryOperator.BitOr or BinaryOperator.ShiftRight)
        || (right == 0 && op is BinaryOperator.Multiply or BinaryOperator.BitAnd)
        || (right == 1 && op is BinaryOperator.Modulo)
        || (right == -1 && op is BinaryOperator.Modulo or BinaryOperator.BitOr);

    /// <summary>0+x, 1*x, -1&amp;x, x-0, x/1, x&gt;&gt;0 (or a negative shift)...: the value is the other operand.</summary>
    private static bool IsIdentity(BinaryOperator op, long? left, long? right) =>
        (left == 0 && op is BinaryOperator.Add or BinaryOperator.BitOr or BinaryOperator.BitXor)
        || (left == 1 && op is BinaryOperator.Multiply)
        || (left == -1 && op is BinaryOperator.BitAnd)
        || (right == 0 && op is BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.BitOr or BinaryOperator.BitXor)
        || (right == 1 && op is BinaryOperator.Multiply or BinaryOperator.Divide)
        || (right == -1 && op is BinaryOperator.BitAnd)
        || (right <= 0 && op is BinaryOperator.ShiftRight or BinaryOperator.ShiftLeft);

    /// <summary>A literal that decides the result: on the left it short-circuits; on the right the left must be pure.</summary>
    private static BoundExpression? Logical(BoundBinary e, Func<BoundExpression, bool> sideEffectFree)
    {
        var left = e.Left as BoundNumber;
        var right = e.Right as BoundNumber;
        var isOr = e.Operator == BinaryOperator.LogicalOr;
        if (left is not null && right is not null)
        {
            var l = left.Value != 0;
            var r = right.Value != 0;
            return Number((isOr ? l || r : l && r) ? 1 : 0, e);
        }
        var decides = isOr ? 1L : 0L;
        if ((left is not null && (left.Value != 0) == isOr) || (right is not null && (right.Value != 0) == isOr))
        {
            return right is not null && !sideEffectFree(e.Left) ? null : Number(decides, e);
        }
        return null;
    }

    private static BoundExpression? Comparison(BoundBinary e, Func<BoundExpression, bool> sideEffectFree)
    {
        int order;
        if (e.Left is BoundString ls && e.Right is BoundString rs)
        {
            order = string.CompareOrdinal(ls.Value, rs.Value);
        }
        else if (e.Left is BoundNumber ln && e.Right is BoundNumber rn)
        {
            order = ln.Value.CompareTo(rn.Value);
        }
        else
        {
            // LLONG_MIN <= x and x <= LLONG_MAX hold, LLONG_MIN > x and x > LLONG_MAX do not.
            var left = (e.Left as BoundNumber)?.Value;
            var right = (e.Right as BoundNumber)?.Value;
            var op = e.Operator;
            var bound = (left == long.MinValue && op is BinaryOperator.LessEqual or BinaryOperator.Greater)
                || (left == long.MaxValue && op is BinaryOperator.GreaterEqual or BinaryOperator.Less)
                || (right == long.MinValue && op is BinaryOperator.GreaterEqual or BinaryOperator.Less)
                || (right == long.MaxValue && op is BinaryOperator.LessEqual or BinaryOperator.Greater);
            if (!bound || !sideEffectFree(left is not null ? e.Right : e.Left))
            {
                return null;
            }
            return Number(op is BinaryOperator.LessEqual or BinaryOperator.GreaterEqual ? 1 : 0, e);
        }
        var holds = e.Operator switch
        {
            BinaryOperator.Equal => order == 0,
            BinaryOperator.NotEqual => order != 0,
            BinaryOperator.Less => order < 0,
            BinaryOperator.Greater => order > 0,
            BinaryOperator.LessEqual => order <= 0,
            _ => order >= 0,
        };
        return Number(holds ? 1 : 0, e);
    }

    private static BoundExpression? Concatenation(BoundBinary e) => (e.Left, e.Right) switch
    {
        (BoundString l, BoundString r) => new BoundString(l.Value + r.Value, e.Span) { Token = e.Token, TokenSpan = e.TokenSpan },
        (BoundString { Value: "" }, var r) => r,
        (var l, BoundString { Value: "" }) => l,
        _ => null,
    };

    private static BoundNumber Number(long value, BoundExpression replaced) =>
        new(value, replaced.Span) { Token = replaced.Token, TokenSpan = replaced.TokenSpan };
}
