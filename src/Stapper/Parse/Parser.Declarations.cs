using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse.Lexing;

namespace Stapper.Parse;

internal sealed partial class Parser
{
    private Declaration ParseProbe()
    {
        var t0 = Next(); // 'probe'
        var aliases = new List<ProbePoint>();
        var epilogue = false;
        ImmutableArray<ProbePoint> locations;
        while (true)
        {
            var pps = ParseProbePoints();
            var t = Peek();
            if (pps.Count == 1 && t is not null && (t.IsOperator("=") || t.IsOperator("+=")))
            {
                if (pps[0].Optional || pps[0].Sufficient)
                {
                    throw ErrorAt("probe point alias name cannot be optional nor sufficient", ComponentToken(pps[0]));
                }
                aliases.Add(pps[0]);
                epilogue |= t.Text == "+=";
                Swallow();
                continue;
            }
            if (t is not null && t.IsOperator("{"))
            {
                locations = [.. pps];
                break;
            }
            throw Error("expected probe point specifier");
        }
        var body = ParseBlock();
        if (aliases.Count == 0)
        {
            return new ProbeDeclaration(locations, body, From(t0.Span));
        }
        Block? epilogueBody = null;
        if (Peek() is { } comma && comma.Text == ",")
        {
            if (epilogue)
            {
                throw Error("Combined prologue and epilogue cannot be defined with '+='");
            }
            Swallow();
            epilogueBody = ParseBlock();
        }
        return new AliasDeclaration([.. aliases], locations, epilogue, body, From(t0.Span)) { EpilogueBody = epilogueBody };
    }

    private static Token ComponentToken(ProbePoint pp)
    {
        var c = pp.Components[0];
        var kind = Lexing.Lexer.IsKeyword(c.Functor) ? TokenKind.Keyword : TokenKind.Identifier;
        return new Token(kind, c.Functor, c.Span, false);
    }

    private List<ProbePoint> ParseProbePoints()
    {
        Enter();
        try
        {
            var pps = new List<ProbePoint>();
            while (true)
            {
                pps.AddRange(ParseComponents());
                var t = Peek();
                if (t is not null && t.IsOperator(","))
                {
                    Swallow();
                    continue;
                }
                if (t is not null && t.Kind == TokenKind.Operator && t.Text is "{" or "=" or "+=" or "}")
                {
                    break;
                }
                throw Error("expected one of ', { } = +='");
            }
            return pps;
        }
        finally
        {
            Leave();
        }
    }

    private const int MaxProbePointProduct = 100_000;

    private List<ProbePoint> ParseComponents()
    {
        List<ProbePoint>? pps = null;
        while (true)
        {
            var suffix = ParseComponent();
            if (pps is null)
            {
                pps = suffix;
            }
            else
            {
                var product = new List<ProbePoint>();
                foreach (var pp in pps)
                {
                    if (pp.Optional || pp.Sufficient || pp.Condition is not null)
                    {
                        throw ErrorAt("'?', '!' or condition must only be specified in suffix", ComponentToken(pp));
                    }
                    foreach (var s in suffix)
                    {
                        if (product.Count >= MaxProbePointProduct)
                        {
                            throw Error("too many probe points");
                        }
                        product.Add(new ProbePoint(pp.Components.AddRange(s.Components), s.Optional, s.Sufficient,
                            s.Condition, Join(pp.Span, s.Span)));
                    }
                }
                pps = product;
            }

            var t = Peek();
            if (t is not null && t.IsOperator("."))
            {
                Swallow();
                continue;
            }
            if (t is not null && (t.IsOperator("?") || t.IsOperator("!")))
            {
                for (var i = 0; i < pps.Count; i++)
                {
                    if (pps[i].Optional || pps[i].Sufficient)
                    {
                        throw Error("'?' or '!' respecified");
                    }
                    pps[i] = pps[i] with { Optional = true, Sufficient = t.Text == "!" };
                }
                Swallow();
                pps = pps.Select(p => p with { Span = From(p.Span) }).ToList();
                t = Peek();
            }
            if (t is not null && t.IsKeyword("if"))
            {
                Swallow();
                t = Peek();
                if (!(t is not null && t.IsOperator("(")))
                {
                    throw Error("expected '('");
                }
                Swallow();
                var e = ParseExpression();
                for (var i = 0; i < pps.Count; i++)
                {
                    if (pps[i].Condition is not null)
                    {
                        throw Error("condition respecified");
                    }
                }
                t = Peek();
                if (!(t is not null && t.IsOperator(")")))
                {
                    throw Error("expected ')'");
                }
                Swallow();
                pps = pps.Select(p => p with { Condition = e, Span = From(p.Span) }).ToList();
            }
            return pps;
        }
    }

    private List<ProbePoint> ParseComponent()
    {
        var t = Next();
        if (!(t.Kind is TokenKind.Identifier or TokenKind.Keyword || t.IsOperator("*") || t.IsOperator("{")))
        {
            throw Error("expected identifier or '*' or '{'");
        }
        if (t.IsOperator("{"))
        {
            var inner = ParseProbePoints();
            if (!PeekOp("}"))
            {
                throw Error("expected '}'");
            }
            Swallow();
            return inner;
        }
        var functor = t.Text;
        while (true)
        {
            var u = Peek();
            if (u is null || u.AfterSpace)
            {
                break;
            }
            if (!(u.Kind is TokenKind.Identifier or TokenKind.Keyword || u.IsOperator("*")))
            {
                break;
            }
            functor += u.Text;
            Swallow();
        }
        Literal? arg = null;
        if (PeekOp("("))
        {
            Swallow();
            arg = ParseLiteral();
            if (!Next().IsOperator(")"))
            {
                throw Error("expected ')'");
            }
        }
        var span = From(t.Span);
        return [new ProbePoint([new ProbePointComponent(functor, arg, span)], false, false, null, span)];
    }

    private void ParsePrivate(ImmutableArray<Declaration>.Builder decls)
    {
        Next(); // 'private'
        var t = Next();
        if (t.IsKeyword("function"))
        {
            _context = Context.Function;
            decls.Add(ParseFunction(t.Span, isPrivate: true));
        }
        else if (t.IsKeyword("global"))
        {
            _context = Context.Global;
            var id = Next();
            if (id.Kind != TokenKind.Identifier)
            {
                throw Error("expected identifier");
            }
            ParseGlobals(decls, id, isPrivate: true);
        }
        else if (t.Kind == TokenKind.Identifier)
        {
            _context = Context.Global;
            ParseGlobals(decls, t, isPrivate: true);
        }
        else
        {
            throw Error("expected 'function' or identifier");
        }
    }

    private ImmutableArray<Declaration>.Builder? _globalsOf;
    private HashSet<string> _globalNames = new(StringComparer.Ordinal);

    private void ParseGlobals(ImmutableArray<Declaration>.Builder decls, Token? first, bool isPrivate)
    {
        // The names declared so far, kept between global statements: a long script has hundreds.
        if (!ReferenceEquals(_globalsOf, decls))
        {
            _globalsOf = decls;
            _globalNames = new HashSet<string>(decls.OfType<GlobalDeclaration>().Select(g => g.Name), StringComparer.Ordinal);
        }
        var seen = _globalNames;
        while (true)
        {
            var t = first ?? Next();
            first = null;
            if (t.Kind != TokenKind.Identifier)
            {
                throw Error("expected identifier");
            }
            if (!seen.Add(t.Text))
            {
                throw Error("duplicate global name");
            }
            var wrap = false;
            long? size = null;
            Expression? init = null;
            var n = Peek();
            if (n is not null && n.IsOperator("%"))
            {
                wrap = true;
                Swallow();
                n = Peek();
            }
            if (n is not null && n.IsOperator("["))
            {
                Swallow();
                var value = ExpectNumber();
                if (value <= 0 || value > int.MaxValue)
                {
                    throw Error("array size out of range");
                }
                size = value;
                ExpectOp("]");
                n = Peek();
            }
            if (n is not null && n.IsOperator("="))
            {
                if (size is not null)
                {
                    throw Error("only scalar globals can be initialized");
                }
                Next();
                init = ParseLiteral();
                n = Peek();
            }
            decls.Add(new GlobalDeclaration(t.Text, size, wrap, init, isPrivate, From(t.Span)));
            if (n is not null && n.IsOperator(";"))
            {
                Swallow();
                return;
            }
            if (n is not null && n.IsOperator(","))
            {
                Swallow();
                continue;
            }
            return;
        }
    }

    private FunctionDeclaration ParseFunction(SourceSpan start, bool isPrivate)
    {
        var t = Next();
        if (!(t.Kind == TokenKind.Identifier || t.IsKeyword("string") || t.IsKeyword("long")))
        {
            throw Error("expected identifier");
        }
        var name = t.Text;
        var nameSpan = t.Span;
        TypeName? returnType = null;
        t = Next();
        if (t.IsOperator(":"))
        {
            returnType = ExpectType();
            t = Next();
        }
        if (!t.IsOperator("("))
        {
            throw Error("expected '('");
        }
        var parameters = ImmutableArray.CreateBuilder<Parameter>();
        while (true)
        {
            t = Next();
            if (t.IsOperator(")"))
            {
                break;
            }
            if (t.Kind != TokenKind.Identifier)
            {
                throw Error("expected identifier");
            }
            var pname = t;
            if (parameters.Any(p => p.Name == pname.Text))
            {
                throw Error("duplicate parameter names");
            }
            TypeName? ptype = null;
            t = Next();
            if (t.IsOperator(":"))
            {
                ptype = ExpectType();
                t = Next();
            }
            parameters.Add(new Parameter(pname.Text, ptype, From(pname.Span)));
            if (t.IsOperator(")"))
            {
                break;
            }
            if (!t.IsOperator(","))
            {
                throw Error("expected ',' or ')'");
            }
        }
        if (Peek() is null)
        {
            throw Error("expected '{'");
        }
        if (PeekOp(":"))
        {
            // Tapset implementation priority: accepted and not kept.
            Swallow();
            if (ParseLiteral() is not NumberLiteral priority)
            {
                throw Error("expected literal number");
            }
            if (priority.Value < 1)
            {
                throw Error("specified priority must be > 0");
            }
        }
        var saved = _context;
        _context = Context.Function;
        try
        {
            if (Peek() is { Kind: TokenKind.Embedded } e)
            {
                Swallow();
                RequirePrivilege("embedded code in unprivileged script; need stap -g");
                return new FunctionDeclaration(name, returnType, parameters.ToImmutable(), null,
                    new EmbeddedCode(e.Text, EmbeddedPragmaMarkers.In(e.Text), e.Span), isPrivate, From(start))
                { NameSpan = nameSpan };
            }
            var body = ParseBlock();
            return new FunctionDeclaration(name, returnType, parameters.ToImmutable(), body, null, isPrivate, From(start)) { NameSpan = nameSpan };
        }
        finally
        {
            _context = saved;
        }
    }

    private TypeName ExpectType()
    {
        var t = Next();
        if (t.IsKeyword("string"))
        {
            return TypeName.String;
        }
        if (t.IsKeyword("long"))
        {
            return TypeName.Long;
        }
        throw Error("expected 'string' or 'long'");
    }

    /// <summary>stap's expect_number: an optionally negated number literal.</summary>
    private long ExpectNumber() => ExpectNumberLiteral().Value;

    private NumberLiteral ExpectNumberLiteral()
    {
        var t = Next();
        var start = t.Span;
        var neg = false;
        if (t.IsOperator("-"))
        {
            neg = true;
            t = Next();
        }
        if (t.Kind != TokenKind.Number)
        {
            throw Error("expected number");
        }
        return MakeNumber(t, neg, start);
    }

    private NumberLiteral MakeNumber(Token t, bool neg, SourceSpan start)
    {
        var v = Lexing.NumberText.Parse(t.Text);
        if (v is null || (neg && v.Value > 9223372036854775808UL))
        {
            throw Error("number invalid or out of range");
        }
        var value = neg ? unchecked(-(long)v.Value) : unchecked((long)v.Value);
        return new NumberLiteral(value, neg ? "-" + t.Text : t.Text, From(start));
    }

    private Literal ParseLiteral()
    {
        var t = Next();
        if (t.Kind == TokenKind.String)
        {
            return ConsumeStrings(t);
        }
        var start = t.Span;
        var neg = false;
        if (t.IsOperator("-"))
        {
            neg = true;
            t = Next();
        }
        if (t.Kind == TokenKind.Number)
        {
            return MakeNumber(t, neg, start);
        }
        throw Error("expected literal string or number");
    }

    /// <summary>A string token and any adjacent string tokens, joined.</summary>
    private StringLiteral ConsumeStrings(Token t)
    {
        var n = Peek();
        if (n is not { Kind: TokenKind.String } || (n.AfterComment && !HasVersion("2.0")))
        {
            return new StringLiteral(t.Text, t.Span) { Raw = t.Raw };
        }
        var sb = new System.Text.StringBuilder(t.Text);
        var raw = new System.Text.StringBuilder(t.Raw ?? t.Text);
        while (n is { Kind: TokenKind.String } && !(n.AfterComment && !HasVersion("2.0")))
        {
            sb.Append(n.Text);
            raw.Append(n.Raw ?? n.Text);
            Next();
            n = Peek();
        }
        return new StringLiteral(sb.ToString(), From(t.Span)) { Raw = raw.ToString() };
    }

    private StringLiteral ParseLiteralString()
    {
        var t = Next();
        if (t.Kind != TokenKind.String)
        {
            throw Error("expected literal string");
        }
        return ConsumeStrings(t);
    }
}
