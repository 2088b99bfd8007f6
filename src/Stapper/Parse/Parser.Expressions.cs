using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse.Lexing;

namespace Stapper.Parse;

internal sealed partial class Parser
{
    private Expression ParseExpression()
    {
        Enter();
        try
        {
            return ParseAssignment();
        }
        finally
        {
            Leave();
        }
    }

    private static AssignmentOperator? AssignmentOf(Token t) => t.Kind != TokenKind.Operator ? null : t.Text switch
    {
        "=" => AssignmentOperator.Assign,
        "<<<" => AssignmentOperator.Aggregate,
        "+=" => AssignmentOperator.AddAssign,
        "-=" => AssignmentOperator.SubtractAssign,
        "*=" => AssignmentOperator.MultiplyAssign,
        "/=" => AssignmentOperator.DivideAssign,
        "%=" => AssignmentOperator.ModuloAssign,
        "<<=" => AssignmentOperator.ShiftLeftAssign,
        ">>=" => AssignmentOperator.ShiftRightAssign,
        "&=" => AssignmentOperator.BitAndAssign,
        "^=" => AssignmentOperator.BitXorAssign,
        "|=" => AssignmentOperator.BitOrAssign,
        ".=" => AssignmentOperator.ConcatenateAssign,
        _ => null,
    };

    private Expression ParseAssignment()
    {
        var left = ParseTernary();
        if (Peek() is { } t && AssignmentOf(t) is { } op)
        {
            Next();
            var right = ParseExpression();
            return new AssignmentExpression(op, left, right, t.Span, Join(left.Span, right.Span));
        }
        return left;
    }

    private Expression ParseTernary()
    {
        var cond = ParseLogicalOr();
        if (!PeekOp("?"))
        {
            return cond;
        }
        Enter();
        try
        {
            Next();
            var then = ParseExpression();
            if (!Next().IsOperator(":"))
            {
                throw Error("expected ':'");
            }
            var otherwise = HasVersion("4.0") ? ParseTernary() : ParseExpression();
            return new TernaryExpression(cond, then, otherwise, Join(cond.Span, otherwise.Span));
        }
        finally
        {
            Leave();
        }
    }

    private Expression Binary(BinaryOperator op, Expression left, Expression right, Token t) =>
        new BinaryExpression(op, left, right, t.Span, SpanOf(left, right));

    private static SourceSpan SpanOf(Expression left, Expression right) =>
        ReferenceEquals(left.Span.File, right.Span.File) ? left.Span.To(right.Span) : left.Span;

    /// <summary>
    /// A left-associative chain. Each link counts as one level of nesting, so a long chain such as
    /// <c>1 + 1 + ... + 1</c> hits the depth limit instead of building a tree other passes cannot walk.
    /// </summary>
    private Expression LeftAssociative(Func<Expression> operand, Func<Token, BinaryOperator?> op, Expression? first = null)
    {
        var left = first ?? operand();
        var links = 0;
        try
        {
            while (Peek() is { } t && op(t) is { } bop)
            {
                Enter();
                links++;
                Next();
                left = Binary(bop, left, operand(), t);
            }
            return left;
        }
        finally
        {
            _depth -= links;
        }
    }

    private static BinaryOperator? OperatorOf(Token t, string text, BinaryOperator op) =>
        t.IsOperator(text) ? op : null;

    private Expression ParseLogicalOr() =>
        LeftAssociative(ParseLogicalAnd, t => OperatorOf(t, "||", BinaryOperator.LogicalOr));

    private Expression ParseLogicalAnd() =>
        LeftAssociative(ParseBitOr, t => OperatorOf(t, "&&", BinaryOperator.LogicalAnd));

    private Expression ParseBitOr() =>
        LeftAssociative(ParseBitXor, t => OperatorOf(t, "|", BinaryOperator.BitOr));

    private Expression ParseBitXor() =>
        LeftAssociative(ParseBitAnd, t => OperatorOf(t, "^", BinaryOperator.BitXor));

    private Expression ParseBitAnd() =>
        LeftAssociative(ParseArrayIn, t => OperatorOf(t, "&", BinaryOperator.BitAnd));

    private Expression ParseArrayIn()
    {
        var start = Peek();
        var bracketed = false;
        if (start is not null && start.IsOperator("["))
        {
            Swallow();
            bracketed = true;
        }
        var indexes = ImmutableArray.CreateBuilder<Expression?>();
        while (true)
        {
            if (bracketed && PeekOp("*"))
            {
                Swallow();
                indexes.Add(null);
            }
            else
            {
                indexes.Add(ParseComparison());
            }
            if (!bracketed)
            {
                break;
            }
            var t = Peek();
            if (t is not null && t.IsOperator(","))
            {
                Swallow();
                continue;
            }
            if (t is not null && t.IsOperator("]"))
            {
                Swallow();
                break;
            }
            throw Error("expected ',' or ']'");
        }
        if (PeekKw("in"))
        {
            Next();
            var array = ParseIndexable();
            return new InExpression(indexes.ToImmutable(), array, From(start!.Span));
        }
        if (indexes.Count == 1 && indexes[0] is { } single)
        {
            return single;
        }
        throw Error("unexpected comma-separated expression list");
    }

    private Expression ParseComparison()
    {
        var left = ParseShift();
        var t = Peek();
        if (t is not null && (t.IsOperator("=~") || t.IsOperator("!~")))
        {
            Next();
            var re = ParseLiteralString();
            return Binary(t.Text == "=~" ? BinaryOperator.RegexMatch : BinaryOperator.RegexNotMatch, left, re, t);
        }
        return LeftAssociative(ParseShift, static t =>
            t.Kind != TokenKind.Operator ? null : t.Text switch
            {
                ">" => BinaryOperator.Greater,
                "<" => BinaryOperator.Less,
                "==" => BinaryOperator.Equal,
                "!=" => BinaryOperator.NotEqual,
                "<=" => BinaryOperator.LessEqual,
                ">=" => BinaryOperator.GreaterEqual,
                _ => null,
            }, left);
    }

    private Expression ParseShift() =>
        LeftAssociative(ParseConcatenation, static t => t.Kind != TokenKind.Operator ? null : t.Text switch
        {
            "<<" => BinaryOperator.ShiftLeft,
            ">>" => BinaryOperator.ShiftRight,
            ">>>" => BinaryOperator.UnsignedShiftRight,
            _ => null,
        });

    private Expression ParseConcatenation() =>
        LeftAssociative(ParseAdditive, t => OperatorOf(t, ".", BinaryOperator.Concatenate));

    private Expression ParseAdditive() =>
        LeftAssociative(ParseMultiplicative, static t => t.Kind != TokenKind.Operator ? null : t.Text switch
        {
            "+" => BinaryOperator.Add,
            "-" => BinaryOperator.Subtract,
            _ => null,
        });

    private Expression ParseMultiplicative() =>
        LeftAssociative(ParseUnary, static t => t.Kind != TokenKind.Operator ? null : t.Text switch
        {
            "*" => BinaryOperator.Multiply,
            "/" => BinaryOperator.Divide,
            "%" => BinaryOperator.Modulo,
            _ => null,
        });

    private Expression ParseUnary()
    {
        var t = Peek();
        if (t is not null && t.Kind == TokenKind.Operator && t.Text is "+" or "-" or "!" or "~")
        {
            Enter();
            try
            {
                Next();
                var op = t.Text switch
                {
                    "+" => UnaryOperator.Plus,
                    "-" => UnaryOperator.Negate,
                    "!" => UnaryOperator.LogicalNot,
                    _ => UnaryOperator.BitNot,
                };
                var operand = ParseUnary();
                return new UnaryExpression(op, operand, t.Span, SpanOf2(t.Span, operand));
            }
            finally
            {
                Leave();
            }
        }
        return ParseCrement();
    }

    private static SourceSpan SpanOf2(SourceSpan start, Expression e) =>
        ReferenceEquals(start.File, e.Span.File) ? start.To(e.Span) : start;

    private Expression ParseCrement()
    {
        var t = Peek();
        if (t is not null && (t.IsOperator("++") || t.IsOperator("--")))
        {
            Next();
            var operand = ParseDwarfValue();
            return new IncrementExpression(operand, t.Text == "++", true, t.Span, SpanOf2(t.Span, operand));
        }
        var e = ParseDwarfValue();
        t = Peek();
        if (t is not null && (t.IsOperator("++") || t.IsOperator("--")))
        {
            Next();
            return new IncrementExpression(e, t.Text == "++", false, t.Span,
                ReferenceEquals(e.Span.File, t.Span.File) ? e.Span.To(t.Span) : e.Span);
        }
        return e;
    }
}
