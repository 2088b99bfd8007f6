using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse.Lexing;

namespace Stapper.Parse;

// Target values: $var, @cast, @var and their ->member/[index] chains, kept apart from the operator grammar.
internal sealed partial class Parser
{
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
}
