using System.Collections.Immutable;
using Stapper.Parse.Lexing;

namespace Stapper.Parse;

internal sealed partial class Parser
{
    private Block ParseBlock()
    {
        var t = Next();
        if (!t.IsOperator("{"))
        {
            throw Error("expected '{'");
        }
        var statements = ImmutableArray.CreateBuilder<Statement>();
        while (true)
        {
            if (PeekOp("}"))
            {
                Swallow();
                break;
            }
            statements.Add(ParseStatement());
        }
        return new Block(statements.ToImmutable(), From(t.Span));
    }

    private Statement ParseStatement()
    {
        Enter();
        try
        {
            return ParseStatementCore();
        }
        finally
        {
            Leave();
        }
    }

    private Statement ParseStatementCore()
    {
        var t = Peek();
        if (t is not null && t.IsOperator(";"))
        {
            Next();
            return new EmptyStatement(t.Span);
        }
        if (t is not null && t.IsOperator("{"))
        {
            return ParseBlock();
        }
        if (t is not null && t.Kind == TokenKind.Keyword)
        {
            switch (t.Text)
            {
                case "try":
                    return ParseTry();
                case "if":
                    return ParseIf();
                case "for":
                    return ParseFor();
                case "foreach":
                    return ParseForeach();
                case "while":
                    return ParseWhile();
            }
        }
        Statement ret;
        if (t is not null && t.IsKeyword("return"))
        {
            ret = ParseReturn();
        }
        else if (t is not null && t.IsKeyword("delete"))
        {
            Next();
            var target = ParseExpression();
            ret = new DeleteStatement(target, From(t.Span));
        }
        else if (t is not null && t.IsKeyword("break"))
        {
            Next();
            ret = new BreakStatement(t.Span);
        }
        else if (t is not null && t.IsKeyword("continue"))
        {
            Next();
            ret = new ContinueStatement(t.Span);
        }
        else if (t is not null && t.IsKeyword("next"))
        {
            Next();
            ret = new NextStatement(t.Span);
        }
        else if (t is not null && t.Kind is TokenKind.Operator or TokenKind.Identifier or TokenKind.Number
                     or TokenKind.String or TokenKind.Embedded)
        {
            var e = ParseExpression();
            ret = new ExpressionStatement(e, From(t.Span)) { LeadToken = t.Describe() };
        }
        else
        {
            throw Error("expected statement");
        }
        if (PeekOp(";"))
        {
            Swallow();
        }
        return ret;
    }

    private TryStatement ParseTry()
    {
        var t = Next();
        var tryBlock = ParseBlock();
        ExpectKw("catch");
        Identifier? variable = null;
        if (PeekOp("("))
        {
            Swallow();
            var id = Next();
            if (id.Kind != TokenKind.Identifier)
            {
                throw Error("expected identifier");
            }
            variable = new Identifier(id.Text, id.Span);
            ExpectOp(")");
        }
        var catchBlock = ParseBlock();
        return new TryStatement(tryBlock, variable, catchBlock, From(t.Span));
    }

    private IfStatement ParseIf()
    {
        var t = Next();
        if (!Next().IsOperator("("))
        {
            throw Error("expected '('");
        }
        var cond = ParseExpression();
        if (!Next().IsOperator(")"))
        {
            throw Error("expected ')'");
        }
        var then = ParseStatement();
        Statement? otherwise = null;
        if (PeekKw("else"))
        {
            Swallow();
            otherwise = ParseStatement();
        }
        return new IfStatement(cond, then, otherwise, From(t.Span));
    }

    private ReturnStatement ParseReturn()
    {
        var t = Next();
        if (_context != Context.Function)
        {
            throw Error("found 'return' not in function context");
        }
        var n = Peek() ?? throw Error("expected ';', '}' or an expression statement");
        Expression? value = null;
        if (!(n.IsOperator(";") || n.IsOperator("}")))
        {
            value = ParseExpression();
        }
        return new ReturnStatement(value, From(t.Span));
    }

    private ForStatement ParseFor()
    {
        var t = Next();
        if (!Next().IsOperator("("))
        {
            throw Error("expected '('");
        }
        Expression? init = null, cond = null, incr = null;
        if (PeekOp(";"))
        {
            Swallow();
        }
        else
        {
            init = ParseExpressionStatementExpression();
            if (!Next().IsOperator(";"))
            {
                throw Error("expected ';'");
            }
        }
        if (PeekOp(";"))
        {
            Next();
        }
        else
        {
            cond = ParseExpression();
            if (!Next().IsOperator(";"))
            {
                throw Error("expected ';'");
            }
        }
        if (PeekOp(")"))
        {
            Swallow();
        }
        else
        {
            incr = ParseExpressionStatementExpression();
            if (!Next().IsOperator(")"))
            {
                throw Error("expected ')'");
            }
        }
        var body = ParseStatement();
        return new ForStatement(init, cond, incr, body, From(t.Span));
    }

    private Expression ParseExpressionStatementExpression()
    {
        if (Peek() is null)
        {
            throw Error("expression statement expected");
        }
        return ParseExpression();
    }

    private WhileStatement ParseWhile()
    {
        var t = Next();
        if (!Next().IsOperator("("))
        {
            throw Error("expected '('");
        }
        var cond = ParseExpression();
        if (!Next().IsOperator(")"))
        {
            throw Error("expected ')'");
        }
        var body = ParseStatement();
        return new WhileStatement(cond, body, From(t.Span));
    }

    private ForeachStatement ParseForeach()
    {
        var t0 = Next();
        if (!Next().IsOperator("("))
        {
            throw Error("expected '('");
        }
        var direction = SortDirection.None;
        var column = 0;
        AggregateOperator? sortAggregate = null;
        Identifier? value = null;
        Expression? limit = null;
        var keys = ImmutableArray.CreateBuilder<Identifier>();

        Identifier? lookahead = null;
        var lookaheadSort = SortDirection.None;
        var t = Peek();
        if (t is { Kind: TokenKind.Identifier })
        {
            Next();
            lookahead = new Identifier(t.Text, t.Span);
            t = Peek();
            if (t is not null && (t.IsOperator("+") || t.IsOperator("-")))
            {
                lookaheadSort = t.Text == "+" ? SortDirection.Ascending : SortDirection.Descending;
                Swallow();
            }
            if (PeekOp("="))
            {
                Swallow();
                value = lookahead;
                if (lookaheadSort != SortDirection.None)
                {
                    direction = lookaheadSort;
                    column = 0;
                }
                lookahead = null;
            }
        }
        var bracketed = false;
        if (lookahead is null && PeekOp("["))
        {
            Swallow();
            bracketed = true;
        }
        if (lookahead is not null)
        {
            keys.Add(lookahead);
            if (lookaheadSort != SortDirection.None)
            {
                direction = lookaheadSort;
                column = 1;
            }
        }
        else
        {
            while (true)
            {
                t = Next();
                if (t.Kind != TokenKind.Identifier)
                {
                    throw Error("expected identifier");
                }
                keys.Add(new Identifier(t.Text, t.Span));
                t = Peek();
                if (t is not null && (t.IsOperator("+") || t.IsOperator("-")))
                {
                    if (direction != SortDirection.None)
                    {
                        throw Error("multiple sort directives");
                    }
                    direction = t.Text == "+" ? SortDirection.Ascending : SortDirection.Descending;
                    column = keys.Count;
                    Swallow();
                }
                if (!bracketed)
                {
                    break;
                }
                t = Peek();
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
        }
        if (!Next().IsKeyword("in"))
        {
            throw Error("expected 'in'");
        }
        var source = ParseIndexable();
        var slice = ImmutableArray<Expression?>.Empty;
        if (PeekOp("["))
        {
            Swallow();
            slice = ParseIndexList("]", allowStar: true, message: "expected ',' or ']'");
        }
        t = Peek();
        if (t is not null && t.Kind == TokenKind.Operator && t.Text[0] == '@')
        {
            sortAggregate = t.Text switch
            {
                "@avg" => AggregateOperator.Avg,
                "@min" => AggregateOperator.Min,
                "@max" => AggregateOperator.Max,
                "@count" => AggregateOperator.Count,
                "@sum" => AggregateOperator.Sum,
                "@variance" => AggregateOperator.Variance,
                _ => throw Error("expected statistical operation"),
            };
            Swallow();
            t = Peek();
            if (!(t is not null && (t.IsOperator("+") || t.IsOperator("-"))))
            {
                throw Error("expected sort directive");
            }
        }
        t = Peek();
        if (t is not null && (t.IsOperator("+") || t.IsOperator("-")))
        {
            if (direction != SortDirection.None)
            {
                throw Error("multiple sort directives");
            }
            direction = t.Text == "+" ? SortDirection.Ascending : SortDirection.Descending;
            column = 0;
            Swallow();
        }
        if (PeekKw("limit"))
        {
            Swallow();
            limit = ParseExpression();
        }
        if (!Next().IsOperator(")"))
        {
            throw Error("expected ')'");
        }
        var body = ParseStatement();
        return new ForeachStatement(keys.ToImmutable(), value, source, slice, direction, column, sortAggregate, limit,
            body, From(t0.Span));
    }

    /// <summary>Comma-separated expressions (or <c>*</c>) up to the closing bracket, which is consumed.</summary>
    private ImmutableArray<Expression?> ParseIndexList(string close, bool allowStar, string? message)
    {
        var items = ImmutableArray.CreateBuilder<Expression?>();
        while (true)
        {
            if (allowStar && PeekOp("*"))
            {
                Swallow();
                items.Add(null);
            }
            else
            {
                items.Add(ParseExpression());
            }
            if (message is null)
            {
                if (ExpectOpAny(close, ",") == close)
                {
                    break;
                }
                continue;
            }
            var t = Peek();
            if (t is not null && t.IsOperator(","))
            {
                Swallow();
                continue;
            }
            if (t is not null && t.IsOperator(close))
            {
                Swallow();
                break;
            }
            throw Error(message);
        }
        return items.ToImmutable();
    }
}
