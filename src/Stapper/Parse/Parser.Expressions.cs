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

    private static bool IsTargetish(Expression e) =>
        e is TargetVariable or CastExpression or AtVarExpression or AutocastExpression;

    private Expression ParseDwarfValue()
    {
        Token? addr = null;
        if (PeekOp("&"))
        {
            addr = Next();
        }
        var t = Peek();
        Expression expr;
        var target = false;
        if (t is { Kind: TokenKind.Identifier } && t.Text[0] == '$')
        {
            Next();
            expr = new TargetVariable(t.Text[1..], [], 0, false, t.Span);
            target = true;
        }
        else if (t is not null && t.IsOperator("@cast"))
        {
            expr = ParseCast();
            target = true;
        }
        else if (t is not null && t.IsOperator("@var"))
        {
            expr = ParseAtVar();
            target = true;
        }
        else if (addr is not null && !HasVersion("2.6"))
        {
            throw Error("expected @cast, @var or $var");
        }
        else
        {
            expr = ParseValue();
            if (addr is not null && IsTargetish(expr))
            {
                if (AddressOfFlag(expr))
                {
                    throw ErrorAt("cannot take address more than once", addr);
                }
                target = true;
            }
        }
        if (!target && (addr is not null || PeekTargetComponents()) && HasVersion("2.6"))
        {
            expr = new AutocastExpression(expr, [], 0, false, expr.Span);
            target = true;
        }
        if (target)
        {
            expr = ParseTargetComponents(expr, addr is not null);
            if (addr is not null)
            {
                expr = WithSpan(expr, SpanOf2(addr.Span, expr));
            }
        }
        return expr;
    }

    private static bool AddressOfFlag(Expression e) => e switch
    {
        TargetVariable v => v.AddressOf,
        CastExpression c => c.AddressOf,
        AtVarExpression a => a.AddressOf,
        AutocastExpression a => a.AddressOf,
        _ => false,
    };

    private static Expression WithSpan(Expression e, SourceSpan span) => e switch
    {
        TargetVariable v => v with { Span = span },
        CastExpression c => c with { Span = span },
        AtVarExpression a => a with { Span = span },
        AutocastExpression a => a with { Span = span },
        _ => e,
    };

    private bool PeekTargetComponents()
    {
        var t = Peek();
        return t is not null && (t.IsOperator("->") || t.IsOperator("[")
            || (t.Kind == TokenKind.Identifier && t.Text.All(c => c == '$')));
    }

    private Expression ParseTargetComponents(Expression e, bool addressOf)
    {
        var components = ImmutableArray.CreateBuilder<TargetComponent>();
        var pretty = 0;
        var start = e.Span;
        switch (e)
        {
            case TargetVariable v:
                components.AddRange(v.Components);
                pretty = v.PrettyPrint;
                var full = "$" + v.Name;
                var pos = full.TrimEnd('$').Length - 1;
                if (pos > 0 && pos < full.Length - 1)
                {
                    pretty = full.Length - 1 - pos;
                    e = v with { Name = full[1..(pos + 1)] };
                }
                break;
            case CastExpression c:
                components.AddRange(c.Components);
                pretty = c.PrettyPrint;
                break;
            case AtVarExpression a:
                components.AddRange(a.Components);
                pretty = a.PrettyPrint;
                break;
            case AutocastExpression a:
                components.AddRange(a.Components);
                pretty = a.PrettyPrint;
                break;
        }
        while (pretty == 0)
        {
            if (PeekOp("->"))
            {
                var arrow = Next();
                var m = Next();
                if (m.Kind is not (TokenKind.Identifier or TokenKind.Keyword))
                {
                    throw Error("expected identifier or keyword");
                }
                var member = m.Text;
                var trimmed = member.TrimEnd('$');
                if (trimmed.Length < member.Length)
                {
                    pretty = member.Length - trimmed.Length;
                    member = trimmed;
                }
                if (member.Length > 0)
                {
                    components.Add(new MemberComponent(member, From(arrow.Span)));
                }
            }
            else if (PeekOp("["))
            {
                var open = Next();
                var index = ParseExpression();
                ExpectOp("]");
                components.Add(new IndexComponent(index, From(open.Span)));
            }
            else
            {
                break;
            }
        }
        if (pretty == 0 && Peek() is { Kind: TokenKind.Identifier } d && d.Text.All(c => c == '$'))
        {
            Next();
            pretty = d.Text.Length;
        }
        if (pretty > 0 && (PeekOp("->") || PeekOp("[")))
        {
            throw Error("-> and [ are not accepted for a pretty-printing variable");
        }
        var span = From(start);
        var comps = components.ToImmutable();
        return e switch
        {
            TargetVariable v => v with { Components = comps, PrettyPrint = pretty, AddressOf = addressOf, Span = span },
            CastExpression c => c with { Components = comps, PrettyPrint = pretty, AddressOf = addressOf, Span = span },
            AtVarExpression a => a with { Components = comps, PrettyPrint = pretty, AddressOf = addressOf, Span = span },
            AutocastExpression a => a with { Components = comps, PrettyPrint = pretty, AddressOf = addressOf, Span = span },
            _ => e,
        };
    }

    private string ExpectStringText()
    {
        var t = Next();
        if (t.Kind != TokenKind.String)
        {
            throw Error("expected string");
        }
        return ConsumeStrings(t).Value;
    }

    private CastExpression ParseCast()
    {
        var t = Next();
        ExpectOp("(");
        var operand = ParseExpression();
        ExpectOp(",");
        var type = ExpectStringText();
        if (type.Length == 0)
        {
            throw Error("expected non-empty string");
        }
        string? module = null;
        if (PeekOp(","))
        {
            Swallow();
            module = ExpectStringText();
        }
        ExpectOp(")");
        return new CastExpression(operand, type, module, [], 0, false, From(t.Span));
    }

    private AtVarExpression ParseAtVar()
    {
        var t = Next();
        ExpectOp("(");
        var name = ExpectStringText();
        string? module = null;
        if (PeekOp(","))
        {
            Swallow();
            module = ExpectStringText();
        }
        ExpectOp(")");
        return new AtVarExpression(name, module, [], 0, false, From(t.Span));
    }

    private Expression ParseValue()
    {
        var t = Peek() ?? throw Error("expected value");
        if (t.Kind == TokenKind.Embedded)
        {
            RequirePrivilege("embedded expression code in unprivileged script; need stap -g");
            Next();
            return new EmbeddedExpression(t.Text, EmbeddedPragmaMarkers.In(t.Text), t.Span);
        }
        if (t.IsOperator("("))
        {
            Swallow();
            // Brackets count apart from operations: -p1 brackets every operation, so its
            // output nests twice as deep and must still reparse.
            EnterParentheses();
            try
            {
                var e = ParseAssignment();
                if (!Next().IsOperator(")"))
                {
                    throw Error("expected ')'");
                }
                return e;
            }
            finally
            {
                _parentheses--;
            }
        }
        if (t.Kind == TokenKind.Identifier || (t.Kind == TokenKind.Operator && t.Text[0] == '@'))
        {
            return ParseSymbol();
        }
        return ParseLiteral();
    }

    /// <summary>An identifier or <c>@atword</c>; histogram operators are parsed whole.</summary>
    private (Token Token, HistogramExpression? Histogram) ParseHistOrName()
    {
        var t = Next();
        if (!(t.Kind == TokenKind.Identifier || (t.Kind == TokenKind.Operator && t.Text[0] == '@')))
        {
            throw Error("expected identifier or statistical operation");
        }
        if (t.Text is "@hist_linear" or "@hist_log")
        {
            ExpectOp("(");
            var stat = ParseExpression();
            var ps = ImmutableArray.CreateBuilder<Expression>();
            if (t.Text == "@hist_linear")
            {
                for (var i = 0; i < 3; i++)
                {
                    ExpectOp(",");
                    ps.Add(ExpectNumberLiteral());
                }
            }
            ExpectOp(")");
            var kind = t.Text == "@hist_log" ? HistogramKind.Log : HistogramKind.Linear;
            return (t, new HistogramExpression(kind, stat, ps.ToImmutable(), From(t.Span)));
        }
        return (t, null);
    }

    private Expression ParseIndexable()
    {
        var (t, hist) = ParseHistOrName();
        return hist ?? (Expression)new Identifier(t.Text, t.Span);
    }

    private static readonly HashSet<string> PrintFunctions =
    [
        "print", "println", "printf", "printd", "printdln",
        "sprint", "sprintln", "sprintf", "sprintd", "sprintdln",
    ];

    private Expression ParseSymbol()
    {
        var (t, hist) = ParseHistOrName();
        Expression baseExpr;
        if (hist is not null)
        {
            baseExpr = hist;
        }
        else
        {
            var name = t.Text;
            switch (name)
            {
                case "@defined":
                    {
                        ExpectOp("(");
                        var e = ParseExpression();
                        ExpectOp(")");
                        return new DefinedExpression(e, From(t.Span));
                    }
                case "@probewrite":
                    {
                        ExpectOp("(");
                        var id = Next();
                        if (id.Kind != TokenKind.Identifier)
                        {
                            throw Error("expected identifier");
                        }
                        ExpectOp(")");
                        return new ProbeWriteExpression(new Identifier(id.Text, id.Span), From(t.Span));
                    }
                case "@const":
                    {
                        RequirePrivilege("using @const operator not permitted; need stap -g");
                        ExpectOp("(");
                        var c = ExpectStringText();
                        if (c.Length == 0)
                        {
                            throw Error("expected non-empty string");
                        }
                        ExpectOp(")");
                        return new ConstExpression(c, From(t.Span));
                    }
                case "@entry":
                    {
                        ExpectOp("(");
                        var e = ParseExpression();
                        ExpectOp(")");
                        return new EntryExpression(e, From(t.Span));
                    }
                case "@enum" when HasVersion("5.5"):
                    {
                        ExpectOp("(");
                        var s = ParseLiteralString();
                        if (s.Value.Length == 0)
                        {
                            throw Error("expected non-empty string");
                        }
                        ExpectOp(")");
                        return new EnumExpression(s.Value, From(t.Span));
                    }
                case "@enumname" when HasVersion("5.6"):
                    {
                        ExpectOp("(");
                        var operand = ParseExpression();
                        string? typeName = null, module = null;
                        if (PeekOp(","))
                        {
                            Swallow();
                            typeName = ExpectStringText();
                            if (typeName.Length == 0)
                            {
                                throw Error("expected non-empty string");
                            }
                            if (PeekOp(","))
                            {
                                Swallow();
                                module = ExpectStringText();
                            }
                        }
                        ExpectOp(")");
                        return new EnumNameExpression(operand, typeName, module, From(t.Span));
                    }
                case "@perf":
                    {
                        ExpectOp("(");
                        var s = ParseLiteralString();
                        if (s.Value.Length == 0)
                        {
                            throw Error("expected non-empty string");
                        }
                        ExpectOp(")");
                        return new PerfExpression(s.Value, From(t.Span));
                    }
                case "@kderef" or "@uderef" when HasVersion("4.0"):
                    {
                        if (name == "@kderef")
                        {
                            RequirePrivilege("using @kderef operator not permitted; need stap -g");
                        }
                        ExpectOp("(");
                        var size = ExpectNumberLiteral();
                        ExpectOp(",");
                        var address = ParseExpression();
                        ExpectOp(")");
                        return new DerefExpression(name == "@uderef", size, address, From(t.Span));
                    }
                case "@kregister" or "@uregister" when HasVersion("4.0"):
                    {
                        if (name == "@kregister")
                        {
                            RequirePrivilege("using @kregister operator not permitted; need stap -g");
                        }
                        ExpectOp("(");
                        var n = ExpectNumberLiteral();
                        ExpectOp(")");
                        return new RegisterExpression(name == "@uregister", n, From(t.Span));
                    }
            }
            if (name[0] == '@')
            {
                var op = name switch
                {
                    "@avg" => AggregateOperator.Avg,
                    "@variance" => AggregateOperator.Variance,
                    "@count" => AggregateOperator.Count,
                    "@sum" => AggregateOperator.Sum,
                    "@min" => AggregateOperator.Min,
                    "@max" => AggregateOperator.Max,
                    _ => throw Error($"unknown operator {name}"),
                };
                var maxParams = op == AggregateOperator.Variance ? 1 : 0;
                ExpectOp("(");
                var stat = ParseExpression();
                var ps = ImmutableArray.CreateBuilder<Expression>();
                while (true)
                {
                    var n = Next();
                    if (n.IsOperator(")"))
                    {
                        break;
                    }
                    if (n.IsOperator(","))
                    {
                        if (ps.Count >= maxParams)
                        {
                            var count = maxParams + 1;
                            throw ErrorAt($"not more than {count} parameter{(count == 1 ? "" : "s")} allowed", n);
                        }
                        ps.Add(ExpectNumberLiteral());
                    }
                }
                return new AggregateExpression(op, stat, ps.ToImmutable(), From(t.Span));
            }
            if (PrintFunctions.Contains(name))
            {
                return ParsePrint(t);
            }
            if (PeekOp("("))
            {
                Swallow();
                var args = ImmutableArray.CreateBuilder<Expression>();
                if (PeekOp(")"))
                {
                    Swallow();
                }
                else
                {
                    while (true)
                    {
                        args.Add(ParseExpression());
                        if (ExpectOpAny(")", ",") == ")")
                        {
                            break;
                        }
                    }
                }
                return new FunctionCall(name, args.ToImmutable(), t.Span, From(t.Span));
            }
            baseExpr = new Identifier(name, t.Span);
        }
        if (PeekOp("["))
        {
            Swallow();
            var indexes = ParseIndexList("]", allowStar: true, message: null);
            return new IndexExpression(baseExpr, indexes, From(t.Span));
        }
        if (hist is not null)
        {
            throw ErrorAt("base histogram operator where expression expected", t);
        }
        return baseExpr;
    }

    private Expression ParsePrint(Token t)
    {
        var name = t.Text;
        ExpectOp("(");
        var args = ImmutableArray.CreateBuilder<Expression>();
        if (name is "print" or "println" or "sprint" or "sprintln" && (PeekOp("@hist_linear") || PeekOp("@hist_log")))
        {
            var (ht, hist) = ParseHistOrName();
            if (!PeekOp("["))
            {
                args.Add(hist!);
            }
            else
            {
                ExpectOp("[");
                var index = ParseExpression();
                ExpectOp("]");
                args.Add(new IndexExpression(hist!, [index], From(ht.Span)));
                while (!PeekOp(")"))
                {
                    ExpectOpAny(",", ")");
                    args.Add(ParseExpression());
                }
            }
        }
        else
        {
            var minArgs = 0;
            var consumed = false;
            var withFormat = name is "printf" or "sprintf";
            var withDelim = name is "printd" or "printdln" or "sprintd" or "sprintdln";
            var withNewline = name is "println" or "sprintln" or "printdln" or "sprintdln";
            if (withFormat)
            {
                var format = ParseLiteralString();
                args.Add(format);
                consumed = true;
                // stap splits the format while parsing: a bad conversion is a parse error at the next token.
                if (FormatString.Parse(format.Value) is null)
                {
                    Peek();
                    throw Error("invalid or missing conversion specifier");
                }
            }
            else if (withDelim)
            {
                args.Add(ParseLiteralString());
                consumed = true;
                minArgs = 2;
            }
            else if (!withNewline)
            {
                minArgs = 1;
            }
            while (minArgs > 0 || !PeekOp(")"))
            {
                if (consumed)
                {
                    ExpectOpAny(",", ")");
                }
                args.Add(ParseExpression());
                consumed = true;
                if (minArgs > 0)
                {
                    minArgs--;
                }
            }
        }
        ExpectOp(")");
        return new FunctionCall(name, args.ToImmutable(), t.Span, From(t.Span));
    }
}
