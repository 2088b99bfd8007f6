using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Stapper.Diagnostics;
using Stapper.Parse.Lexing;
using Stapper.Parse.Preprocessing;

namespace Stapper.Parse;

/// <summary>
/// stap's recursive-descent parser over the preprocessed token stream: one instance per file.
/// Errors unwind as <see cref="ParseException"/> to the top-level loop, which records them in
/// stap's form and skips to the next <c>probe</c>/<c>global</c>/<c>private</c>/<c>function</c>/<c>%{</c>.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>Deepest nesting of statements/expressions/probe-point groups accepted.</summary>
    public const int MaxDepth = 500;

    private const int MaxDiagnostics = 1000;

    private enum Context
    {
        Unknown,
        Probe,
        Global,
        Function,
        Embedded,
    }

    private readonly Preprocessor _pp;
    private readonly SourceFile _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly bool _isTapset;
    private readonly string _compatible;

    /// <summary>stap's has_version: the --compatible version is at least v.</summary>
    private bool HasVersion(string v) => VersionCompare.Compare(_compatible, v) >= 0;
    private Token? _next;
    private bool _hasNext;
    private Token? _last;
    private Token? _consumed;
    private Context _context;
    private int _depth;
    private int _parentheses;
    private int _errors;

    public Parser(SourceFile file, PreprocessorContext context, IReadOnlyDictionary<string, Macro> library,
        DiagnosticBag diagnostics, bool isTapset)
    {
        _file = file;
        // Tapsets get every language feature whatever --compatible says (stap's pf_no_compatible);
        // their %( systemtap_v %) conditions still see the requested version.
        _compatible = isTapset ? "99" : context.SystemtapVersion;
        Action<string, Token> warn = (message, token) =>
            diagnostics.Add(new Diagnostic(Severity.Warning, "parse.warning", "WARNING", message, token.Span, token.Describe(), "at"));
        _pp = new Preprocessor(new Lexer(file, context.ScriptArguments, _compatible) { Warn = warn }, context, library) { Warn = warn };
        _diagnostics = diagnostics;
        _isTapset = isTapset;
    }

    public int ErrorCount => _errors;

    public IReadOnlyList<Macro> DefinedMacros => _pp.Defined;

    public bool SawTokens => _pp.SawTokens;

    // ---- token access, as stap's peek/next/swallow ----

    /// <summary>Every identifier the file's tokens hold after preprocessing, when asked for (Record).</summary>
    private HashSet<string>? _identifiers;

    /// <summary>Adds the identifiers this parser reads from now on to a set: the names a file may use from the library.</summary>
    public Parser Record(HashSet<string> identifiers)
    {
        _identifiers = identifiers;
        return this;
    }

    private Token? Peek()
    {
        if (!_hasNext)
        {
            _next = _pp.Scan();
            _hasNext = true;
            if (_identifiers is not null && _next is { Kind: TokenKind.Identifier } name)
            {
                _identifiers.Add(name.Text);
            }
        }
        _last = _next;
        return _next;
    }

    private Token Next()
    {
        var t = Peek() ?? throw Error("unexpected end-of-file");
        _hasNext = false;
        _last = t;
        _consumed = t;
        return t;
    }

    private void Swallow()
    {
        if (_hasNext && _next is not null)
        {
            _consumed = _next;
        }
        _hasNext = false;
    }

    private bool PeekOp(string op) => Peek() is { } t && t.IsOperator(op);

    private bool PeekKw(string kw) => Peek() is { } t && t.IsKeyword(kw);

    /// <summary>An "expected X" error about the token last looked at.</summary>
    private static ParseException Error(string message) => new(message);

    private static ParseException ErrorAt(string message, Token? token) => new(message, token);

    private void ExpectOp(string op)
    {
        var t = Next();
        if (!t.IsOperator(op))
        {
            throw Error($"expected '{op}'");
        }
    }

    private string ExpectOpAny(params string[] ops)
    {
        var t = Next();
        if (t.Kind == TokenKind.Operator && Array.IndexOf(ops, t.Text) >= 0)
        {
            return t.Text;
        }
        throw Error($"expected one of '{string.Join(' ', ops)}'");
    }

    private void ExpectKw(string kw)
    {
        if (!Next().IsKeyword(kw))
        {
            throw Error($"expected '{kw}'");
        }
    }

    /// <summary>The span covering both, or the first when they lie in different files (macro tokens).</summary>
    private static SourceSpan Join(SourceSpan first, SourceSpan last) =>
        ReferenceEquals(first.File, last.File) ? first.To(last) : first;

    /// <summary>Span from a starting token to the last consumed token.</summary>
    private SourceSpan From(SourceSpan start)
    {
        if (_consumed is null || !ReferenceEquals(_consumed.Span.File, start.File) || _consumed.Span.End < start.Start)
        {
            return start;
        }
        return start.To(_consumed.Span);
    }

    private void Enter()
    {
        _depth++;
        if (_depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new ParseException("too deeply nested", _last, code: "parse.nesting");
        }
    }

    private void Leave() => _depth--;

    private void EnterParentheses()
    {
        if (++_parentheses > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new ParseException("too deeply nested", _last, code: "parse.nesting");
        }
    }

    // ---- the file ----

    public ImmutableArray<Declaration> ParseFile()
    {
        var decls = ImmutableArray.CreateBuilder<Declaration>();
        while (true)
        {
            try
            {
                _depth = 0;
                _parentheses = 0;
                var t = Peek();
                if (t is null)
                {
                    break;
                }
                HadDeclarations = true;
                if (t.IsKeyword("probe"))
                {
                    _context = Context.Probe;
                    decls.Add(ParseProbe());
                }
                else if (t.IsKeyword("private"))
                {
                    _context = Context.Unknown;
                    ParsePrivate(decls);
                }
                else if (t.IsKeyword("global"))
                {
                    _context = Context.Global;
                    Swallow();
                    ParseGlobals(decls, null, isPrivate: false);
                }
                else if (t.IsKeyword("function"))
                {
                    _context = Context.Function;
                    Swallow();
                    decls.Add(ParseFunction(t.Span, isPrivate: false));
                }
                else if (t.Kind == TokenKind.Embedded)
                {
                    _context = Context.Embedded;
                    Swallow();
                    RequirePrivilege("embedded code in unprivileged script; need stap -g");
                    decls.Add(new EmbeddedCode(t.Text, EmbeddedPragmaMarkers.In(t.Text), t.Span));
                }
                else
                {
                    _context = Context.Unknown;
                    throw Error("expected 'probe', 'global', 'private', 'function', or '%{'");
                }
            }
            catch (ParseException pe)
            {
                Report(pe);
                if (_errors >= MaxDiagnostics)
                {
                    break;
                }
                if (pe.SkipSome)
                {
                    SkipToTopLevel();
                }
            }
        }
        foreach (var m in _pp.Defined)
        {
            decls.Add(new MacroDeclaration(m.Name, [.. m.Parameters], m.NameToken.Span));
        }
        return decls.ToImmutable();
    }

    private void SkipToTopLevel()
    {
        while (true)
        {
            try
            {
                var t = Peek();
                if (t is null || t.IsKeyword("probe") || t.IsKeyword("private") || t.IsKeyword("global")
                    || t.IsKeyword("function") || t.Kind == TokenKind.Embedded)
                {
                    return;
                }
                Swallow();
            }
            catch (ParseException pe)
            {
                Report(pe);
                if (_errors >= MaxDiagnostics)
                {
                    return;
                }
            }
        }
    }

    private void Report(ParseException pe)
    {
        _errors++;
        if (_errors > MaxDiagnostics)
        {
            return;
        }
        var tok = pe.Token ?? _last;
        var message = pe.Message;
        var label = pe.Token is not null ? "at" : "saw";
        var code = pe.Code != "parse.error" ? pe.Code
            : message.StartsWith("expected", StringComparison.Ordinal) ? "parse.expected"
            : "parse.error";
        if (tok is { Kind: TokenKind.Junk } && tok.Junk != JunkKind.Unknown)
        {
            message = tok.Junk switch
            {
                JunkKind.NestedArgument => "invalid nested substitution of command line arguments",
                JunkKind.InvalidArgument => $"command line argument out of range [1-{_argCount}]",
                JunkKind.UnclosedQuote => "Could not find matching closing quote",
                _ => "Could not find matching '%}' to close embedded function block",
            };
            label = "at";
            code = "parse.junk";
        }
        var severity = _isTapset ? Severity.Warning : Severity.Error;
        _diagnostics.Add(tok is null
            ? new Diagnostic(severity, code, "parse error", message, null, $"{_file.Path} EOF", "saw")
            : new Diagnostic(severity, code, "parse error", message, tok.Span, tok.Describe(), label));
    }

    private int _argCount;

    public Parser WithArgumentCount(int count)
    {
        _argCount = count;
        return this;
    }

    /// <summary>
    /// When set, the parser makes stap's parse-time privilege checks (embedded code, @const,
    /// @kregister, @kderef need guru mode outside tapsets). Off by default: pass 2 owns them.
    /// </summary>
    public Parser WithPrivilege(bool checkPrivilege, bool privileged)
    {
        _checkPrivilege = checkPrivilege;
        _privileged = privileged;
        return this;
    }

    private bool _checkPrivilege;
    private bool _privileged;

    /// <summary>stap's "need stap -g" errors, reported without skipping ahead.</summary>
    private void RequirePrivilege(string message)
    {
        if (_checkPrivilege && !_privileged)
        {
            throw new ParseException(message, null, skipSome: false, code: "parse.privilege");
        }
    }
}

internal sealed partial class Parser
{
    /// <summary>Whether the file had any top-level construct (stap's "empty" check).</summary>
    public bool HadDeclarations { get; private set; }

    /// <summary>A <c>.stpm</c> file: only <c>@define</c>s; any other token is an error. True when clean.</summary>
    public bool ParseLibraryMacros()
    {
        try
        {
            var t = Peek();
            if (t is not null)
            {
                throw ErrorAt($"unexpected token in library macro file '{_file.Path}'", t);
            }
        }
        catch (ParseException pe)
        {
            Report(pe);
            return false;
        }
        return true;
    }
}
