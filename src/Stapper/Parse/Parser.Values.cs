using System.Collections.Immutable;
using Stapper.Parse.Lexing;

namespace Stapper.Parse;

// Primary values: literals, names, array and aggregate reads, function and print calls.
internal sealed partial class Parser
{
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
