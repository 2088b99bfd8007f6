using Stapper.Matching;
using Stapper.Parse.Lexing;

namespace Stapper.Parse.Preprocessing;

/// <summary>
/// stap's two preprocessing layers over the lexer: macros (<c>@define</c>, <c>@NAME(args)</c>)
/// and conditionals (<c>%( COND %? THEN %: ELSE %)</c>). Errors throw <see cref="ParseException"/>.
/// </summary>
internal sealed class Preprocessor
{
    private enum PpState
    {
        KeepThen,
        SkipThen,
        KeepElse,
        SkipElse,
    }

    private readonly Lexer _lexer;
    private readonly PreprocessorContext _context;
    private readonly IReadOnlyDictionary<string, Macro> _library;
    private readonly Dictionary<string, Macro> _local = new();
    private readonly List<MacroActivation> _macros = [];
    private readonly List<(Token Open, PpState State)> _conditionals = [];
    private int _expansions;

    private static readonly HashSet<string> AtWords =
    [
        "cast", "defined", "probewrite", "entry", "perf", "var", "avg", "count", "sum", "min", "max",
        "hist_linear", "hist_log", "const", "variance", "kregister", "uregister", "kderef", "uderef",
        "enum", "enumname",
    ];

    /// <summary>Receives stap's preprocessor warnings (message, token).</summary>
    public Action<string, Token>? Warn { get; init; }

    public Preprocessor(Lexer lexer, PreprocessorContext context, IReadOnlyDictionary<string, Macro> library)
    {
        _lexer = lexer;
        _context = context;
        _library = library;
    }

    /// <summary>Macros this file defined, in definition order.</summary>
    public List<Macro> Defined { get; } = [];

    public bool SawTokens => _lexer.SawTokens;

    private const int MaxExpansions = 100_000;
    private const int MaxMacroDepth = 200;

    private Token? NextPp1()
    {
        if (_macros.Count == 0)
        {
            return _lexer.Scan();
        }
        var act = _macros[^1];
        if (act.Cursor < act.Macro.Body.Count)
        {
            return act.Macro.Body[act.Cursor++];
        }
        return null;
    }

    private Token? ScanPp1(bool ignoreMacros = false)
    {
        while (true)
        {
            var t = NextPp1();
            if (t is null)
            {
                if (_macros.Count == 0)
                {
                    return null;
                }
                _macros.RemoveAt(_macros.Count - 1);
                continue;
            }

            if (t.IsOperator("@define") && !ignoreMacros)
            {
                if (_macros.Count > 0)
                {
                    throw new ParseException("'@define' forbidden inside macro body", t);
                }
                DefineMacro();
                continue;
            }

            if (t.Kind == TokenKind.Operator && t.Text[0] == '@' && t.Text.Length > 1)
            {
                var name = t.Text[1..];
                var act = _macros.Count == 0 ? null : _macros[^1];
                Macro? decl = null;
                if (act is not null && act.Parameters.TryGetValue(name, out var p))
                {
                    decl = p;
                }
                else if (!(act is not null && act.Macro.FromLibrary) && _local.TryGetValue(name, out var l))
                {
                    decl = l;
                }
                else if (_library.TryGetValue(name, out var lib))
                {
                    decl = lib;
                }
                if (decl is null)
                {
                    return t;
                }
                Invoke(t, decl, act);
                continue;
            }
            return t;
        }
    }

    private void DefineMacro()
    {
        var t = _lexer.Scan();
        if (t is not { Kind: TokenKind.Identifier })
        {
            throw new ParseException("expected identifier", t);
        }
        var name = t.Text;
        if (_local.TryGetValue(name, out _))
        {
            throw new ParseException($"attempt to redefine macro '@{name}' in the same file", t);
        }
        if (name == "define")
        {
            throw new ParseException("attempt to redefine '@define'", t);
        }
        var nameToken = t;
        if (AtWords.Contains(name))
        {
            Warn?.Invoke($"macro redefines built-in operator '@{name}'", t);
        }
        var parameters = new List<string>();
        var sawParams = false;
        t = _lexer.Scan();
        if (t is not null && t.IsOperator("("))
        {
            sawParams = true;
            while (true)
            {
                t = _lexer.Scan();
                if (t is not { Kind: TokenKind.Identifier })
                {
                    throw new ParseException("expected identifier", t);
                }
                parameters.Add(t.Text);
                t = _lexer.Scan();
                if (t is not null && t.IsOperator(","))
                {
                    continue;
                }
                if (t is not null && t.IsOperator(")"))
                {
                    t = _lexer.Scan();
                    break;
                }
                throw new ParseException("expected ',' or ')'", t);
            }
        }
        if (t is null || !t.IsOperator("%("))
        {
            throw new ParseException(sawParams ? "expected '%('" : "expected '%(' or '('", t);
        }
        var macro = new Macro(name, nameToken, parameters);
        _local[name] = macro;
        Defined.Add(macro);
        var nesting = 0;
        while (true)
        {
            t = _lexer.Scan();
            if (t is null)
            {
                throw new ParseException("incomplete macro definition - missing '%)'", nameToken);
            }
            if (t.IsOperator("%("))
            {
                nesting++;
            }
            else if (t.IsOperator("%)"))
            {
                if (nesting == 0)
                {
                    break;
                }
                nesting--;
            }
            macro.Body.Add(t);
        }
    }

    private void Invoke(Token t, Macro decl, MacroActivation? act)
    {
        if (++_expansions > MaxExpansions || _macros.Count >= MaxMacroDepth)
        {
            throw new ParseException("too many nested macro expansions", t, code: "parse.nesting");
        }
        var name = t.Text[1..];
        var newAct = new MacroActivation(t, decl);
        var count = decl.Parameters.Count;
        if (count == 0 && decl.IsClosure)
        {
            newAct.Parameters = decl.Parent?.Parameters ?? new();
            _macros.Add(newAct);
            return;
        }
        if (count == 0)
        {
            _macros.Add(newAct);
            return;
        }
        var n = NextPp1();
        if (n is null || !n.IsOperator("("))
        {
            var plural = count == 1 ? "parameter" : "parameters";
            throw new ParseException($"expected '(' in invocation of macro '@{name}' taking {count} {plural}", n);
        }
        for (var i = 0; i < count; i++)
        {
            var param = new Macro(decl.Parameters[i], t, []) { Parent = act, IsClosure = true };
            newAct.Parameters[decl.Parameters[i]] = param;
            var nesting = 0;
            Token? sep;
            while (true)
            {
                sep = NextPp1();
                if (sep is null)
                {
                    break;
                }
                if (sep.IsOperator("(") || sep.IsOperator("["))
                {
                    nesting++;
                }
                else if (nesting > 0 && (sep.IsOperator(")") || sep.IsOperator("]")))
                {
                    nesting--;
                }
                else if (nesting == 0 && (sep.IsOperator(")") || sep.IsOperator(",")))
                {
                    break;
                }
                param.Body.Add(sep);
            }
            if (sep is null)
            {
                throw new ParseException("could not find end of macro invocation", t);
            }
            if (sep.IsOperator(",") && i + 1 == count)
            {
                throw new ParseException($"too many parameters for macro '@{name}' (expected {count})", sep);
            }
            if (sep.IsOperator(")") && i + 1 != count)
            {
                throw new ParseException($"too few parameters for macro '@{name}' (expected {count})", sep);
            }
        }
        _macros.Add(newAct);
    }

    /// <summary>The next token after preprocessing, or null at the end of the file.</summary>
    public Token? Scan()
    {
        while (true)
        {
            var pp = _conditionals.Count == 0 ? (PpState?)null : _conditionals[^1].State;
            var t = pp is PpState.SkipThen or PpState.SkipElse ? SkipPp() : ScanPp1();
            if (t is null)
            {
                if (pp is not null)
                {
                    var open = _conditionals[^1].Open;
                    _conditionals.RemoveAt(_conditionals.Count - 1);
                    throw new ParseException("incomplete conditional at end of file", open);
                }
                return null;
            }
            if (t.IsOperator("%?"))
            {
                throw new ParseException("incomplete conditional - missing '%('", t);
            }
            if (t.IsOperator("%:"))
            {
                if (pp is null)
                {
                    throw new ParseException("incomplete conditional - missing '%('", t);
                }
                if (pp is PpState.KeepElse or PpState.SkipElse)
                {
                    throw new ParseException("invalid conditional - duplicate '%:'", t);
                }
                _conditionals[^1] = (_conditionals[^1].Open, pp == PpState.KeepThen ? PpState.SkipElse : PpState.KeepElse);
                continue;
            }
            if (t.IsOperator("%)"))
            {
                if (pp is null)
                {
                    throw new ParseException("incomplete conditional - missing '%('", t);
                }
                _conditionals.RemoveAt(_conditionals.Count - 1);
                continue;
            }
            if (!t.IsOperator("%("))
            {
                return t;
            }

            if (_conditionals.Count >= MaxMacroDepth)
            {
                throw new ParseException("too deeply nested conditionals", t, code: "parse.nesting");
            }
            var result = false;
            var andResult = true;
            Token? n;
            while (true)
            {
                var l = ScanPp1();
                var op = ScanPp1();
                var r = ScanPp1();
                if (l is null || op is null || r is null)
                {
                    throw new ParseException("incomplete condition after '%('", t);
                }
                andResult &= Evaluate(l, op, r);
                n = ScanPp1();
                if (n is not null && n.IsOperator("&&"))
                {
                    continue;
                }
                result |= andResult;
                andResult = true;
                if (!(n is not null && n.IsOperator("||")))
                {
                    break;
                }
            }
            if (n is null || !n.IsOperator("%?"))
            {
                throw new ParseException("expected '%?' marker for conditional", t);
            }
            _conditionals.Add((t, result ? PpState.KeepThen : PpState.SkipThen));
        }
    }

    private Token? SkipPp()
    {
        var nesting = 0;
        while (true)
        {
            Token? t;
            try
            {
                t = ScanPp1(ignoreMacros: true);
            }
            catch (ParseException)
            {
                continue;
            }
            if (t is null)
            {
                return null;
            }
            if (t.IsOperator("%("))
            {
                nesting++;
            }
            else if (nesting > 0 && t.IsOperator("%)"))
            {
                nesting--;
            }
            else if (nesting == 0 && (t.IsOperator("%:") || t.IsOperator("%?") || t.IsOperator("%)")))
            {
                return t;
            }
        }
    }

    private static bool Compare<T>(T lhs, Token op, T rhs) where T : IComparable<T>
    {
        var c = lhs.CompareTo(rhs);
        return op.Kind == TokenKind.Operator ? op.Text switch
        {
            "<=" => c <= 0,
            ">=" => c >= 0,
            "<" => c < 0,
            ">" => c > 0,
            "==" => c == 0,
            "!=" => c != 0,
            _ => throw new ParseException("expected comparison operator", op),
        } : throw new ParseException("expected comparison operator", op);
    }

    private static bool EqualityOp(Token op, bool match) =>
        op.IsOperator("==") ? match
        : op.IsOperator("!=") ? !match
        : throw new ParseException("expected '==' or '!='", op);

    private static long ToLong(Token t) =>
        NumberText.Parse(t.Text) is { } v ? unchecked((long)v) : throw new ParseException("number invalid or out of range", t);

    private static long? StrToLL(string s)
    {
        var neg = s.StartsWith('-');
        var body = neg || s.StartsWith('+') ? s[1..] : s;
        if (NumberText.Parse(body) is not { } v || v > (neg ? 9223372036854775808UL : long.MaxValue))
        {
            return null;
        }
        return neg ? unchecked(-(long)v) : (long)v;
    }

    private bool Evaluate(Token l, Token op, Token r)
    {
        if (l.Kind == TokenKind.Identifier && l.Text is "kernel_v" or "kernel_vr" or "systemtap_v")
        {
            if (r.Kind != TokenKind.String)
            {
                throw new ParseException("expected string literal", r);
            }
            var release = _context.KernelRelease;
            var target = l.Text switch
            {
                "kernel_v" => release.Split('-')[0],
                "kernel_vr" => release,
                _ => _context.SystemtapVersion,
            };
            var query = r.Text;
            var wildcard = Glob.HasWildcards(query);
            if (!(op.Kind == TokenKind.Operator && op.Text is "<=" or ">=" or "<" or ">" or "==" or "!="))
            {
                throw new ParseException("expected comparison operator", op);
            }
            var equality = op.Text is "==" or "!=";
            if (!equality && wildcard)
            {
                throw new ParseException("wildcard not allowed with order comparison operators", op);
            }
            if (wildcard)
            {
                return Glob.Match(query, target, GlobOptions.NoEscape) == (op.Text == "==");
            }
            return Compare(VersionCompare.Compare(target, query), op, 0);
        }
        if (l.Kind == TokenKind.Identifier && l.Text == "systemtap_privilege")
        {
            if (r.Kind != TokenKind.String)
            {
                throw new ParseException("expected string literal", r);
            }
            return EqualityOp(op, _context.Privilege == r.Text);
        }
        if (l.Kind == TokenKind.Identifier && l.Text == "guru_mode")
        {
            if (r.Kind != TokenKind.Number)
            {
                throw new ParseException("expected number", r);
            }
            var rhs = ToLong(r);
            if (rhs is not (0 or 1))
            {
                throw new ParseException("expected 0 or 1", op);
            }
            if (!(op.IsOperator("==") || op.IsOperator("!=")))
            {
                throw new ParseException("expected '==' or '!='", op);
            }
            return Compare(_context.GuruMode ? 1L : 0L, op, rhs);
        }
        if (l.Kind == TokenKind.Identifier && l.Text is "arch" or "runtime")
        {
            if (r.Kind != TokenKind.String)
            {
                throw new ParseException("expected string literal", r);
            }
            var target = l.Text == "arch" ? _context.Architecture : _context.Runtime;
            return EqualityOp(op, Glob.Match(r.Text, target, GlobOptions.NoEscape));
        }
        if (l.Kind == TokenKind.Identifier && l.Text.StartsWith("CONFIG_", StringComparison.Ordinal))
        {
            var lhs = _context.KernelConfig(l.Text) ?? "";
            if (r.Kind == TokenKind.String)
            {
                return EqualityOp(op, Glob.Match(r.Text, lhs, GlobOptions.NoEscape));
            }
            if (r.Kind == TokenKind.Number)
            {
                // strtoll reads an unset option ("") as 0, so stap compares it as zero.
                var lv = lhs.Length == 0 ? 0 : StrToLL(lhs) ?? throw new ParseException("Config option value not a number", l);
                return Compare(lv, op, ToLong(r));
            }
            if (r.Kind == TokenKind.Identifier && r.Text.StartsWith("CONFIG_", StringComparison.Ordinal))
            {
                var rhs = _context.KernelConfig(r.Text) ?? "";
                if (StrToLL(lhs) is { } a && StrToLL(rhs) is { } b)
                {
                    return Compare(a, op, b);
                }
                return Compare(new OrdinalString(lhs), op, new OrdinalString(rhs));
            }
            throw new ParseException("expected string, number literal or other CONFIG_... as right side operand", r);
        }
        if (l.Kind == TokenKind.String && r.Kind == TokenKind.String)
        {
            return Compare(new OrdinalString(l.Text), op, new OrdinalString(r.Text));
        }
        if (l.Kind == TokenKind.Number && r.Kind == TokenKind.Number)
        {
            return Compare(ToLong(l), op, ToLong(r));
        }
        if (l.Kind == TokenKind.String && r.Kind == TokenKind.Number && op.Kind == TokenKind.Operator)
        {
            throw new ParseException("expected string literal as right value", r);
        }
        if (l.Kind == TokenKind.Number && r.Kind == TokenKind.String && op.Kind == TokenKind.Operator)
        {
            throw new ParseException("expected number literal as right value", r);
        }
        throw new ParseException(
            "expected 'arch', 'kernel_v', 'kernel_vr', 'systemtap_v',\n"
            + "             'runtime', 'systemtap_privilege', 'CONFIG_...', or\n"
            + "             comparison between strings or integers", l);
    }

    private readonly record struct OrdinalString(string Value) : IComparable<OrdinalString>
    {
        public int CompareTo(OrdinalString other) => string.CompareOrdinal(Value, other.Value);
    }
}
