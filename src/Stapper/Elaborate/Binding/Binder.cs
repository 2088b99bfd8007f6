using Stapper.Elaborate.TargetVariables;
using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

/// <summary>
/// Turns syntax into the bound tree while inferring types. Pass 2 runs it over the whole program
/// repeatedly until no type changes; only the last round's diagnostics and tree are kept.
/// </summary>
internal sealed partial class Binder
{
    private const string Semantic = "semantic error";

    private readonly ProgramSymbols _symbols;
    private readonly DiagnosticBag _diagnostics;

    /// <summary>Expressions whose use gives them a type (a printf argument, an operator's operand): an unresolvable target
    /// expression among them is not also an "unresolved type", as in stap.</summary>
    private readonly HashSet<Expression> _typedByContext = new(ReferenceEqualityComparer.Instance);
    private readonly Func<FunctionSymbol, ScriptFunction> _signature;
    private readonly Optimize.Elisions _elisions;
    private LocalScope _scope = new([]);
    private FunctionSymbol? _function;
    private int _loopDepth;

    public Binder(ProgramSymbols symbols, DiagnosticBag diagnostics, Func<FunctionSymbol, ScriptFunction> signature, Optimize.Elisions elisions)
    {
        _elisions = elisions;
        _symbols = symbols;
        _diagnostics = diagnostics;
        _signature = signature;
    }

    /// <summary>stap -g: functions marked <c>/* guru */</c> may be called, and target variables written.</summary>
    public bool GuruMode { get; init; }

    /// <summary>Some type was inferred in this round: another round is needed.</summary>
    public bool Changed { get; private set; }

    /// <summary>Functions called so far; pass 2 binds each of them too.</summary>
    public HashSet<FunctionSymbol> Called { get; } = new();

    public BoundBlock BindProbe(Block body, LocalScope scope)
    {
        _scope = scope;
        _function = null;
        _statementFailed = false;
        return BindBlock(body);
    }

    public BoundBlock BindFunction(FunctionSymbol function)
    {
        _scope = function.Scope;
        _function = function;
        _statementFailed = false;
        StartFolding(onExpansion: false);
        return BindBlock(function.Declaration.Body!);
    }

    public static LocalVariable Local(LocalSymbol local) => new(local.Name, local.Slot.Type, local.Span);

    private void Resolve(TypeSlot slot, StapType type, SourceSpan span, string token)
    {
        if (slot.Resolve(type, span, token))
        {
            Changed = true;
        }
    }

    /// <summary>
    /// stap's symbol resolution throws at its first error in a statement and goes on with the next
    /// statement of the block: only one resolution error per statement.
    /// </summary>
    private bool _statementFailed;

    private void Error(string code, string message, SourceSpan span, string token, Diagnostic? chain = null, (string, SourceSpan)? also = null)
    {
        if (!ErrorStage.IsTypeInference(code))
        {
            if (_statementFailed)
            {
                return;
            }
            _statementFailed = true;
        }
        _diagnostics.Add(new Diagnostic(Severity.Error, code, Semantic, message, span, token, null, chain) { Also = also });
    }

    private bool _entryThrown;

    /// <summary>stap's type checker throws this one, once, and its loop over probes and functions names where.</summary>
    private void EntryOutsideReturn(SourceSpan span)
    {
        if (_entryThrown)
        {
            return;
        }
        _entryThrown = true;
        var entry = new Diagnostic(Severity.Error, "sema.entry", Semantic, "internal error: @entry is only valid in .return probes", span, "operator '@entry'");
        var within = _function is not null ? "function " + _function.Name : _probeSites.Count > 0 ? "probe " + _probeSites[0].Name : null;
        _diagnostics.Add(within is null ? entry : new Diagnostic(Severity.Error, "sema.entry", Semantic, "while processing " + within, null, null, null, entry));
    }

    private static string Name(StapType type) => type switch
    {
        StapType.Long => "long",
        StapType.String => "string",
        StapType.Stats => "stats",
        _ => "unknown",
    };

    /// <summary>
    /// The context needs <paramref name="want"/>: infer it into the slot behind the expression, or
    /// report stap's mismatch ("type mismatch (T)" chained to where the slot was first inferred).
    /// </summary>
    private void Require(Bound bound, StapType want, string index = "")
    {
        if (want is StapType.Unknown || bound.Node.Type == want)
        {
            return;
        }
        var type = bound.Node.Type;
        if (type is StapType.Unknown)
        {
            if (bound.Slot is not null)
            {
                Resolve(bound.Slot, want, bound.Span, bound.Token);
            }
            return;
        }
        if (bound.Slot?.InferredAt is { } first)
        {
            var chain = new Diagnostic(Severity.Error, "sema.type-first-inferred", Semantic,
                "type" + (index.Length > 0 ? " of " + index.TrimEnd() : "") + " was first inferred here (" + Name(type) + ")",
                first, bound.Slot.InferredToken);
            Error("sema.type-mismatch", index + "type mismatch (" + Name(want) + ")", bound.Span, bound.Token, chain);
        }
        else
        {
            Error("sema.type-mismatch", "type mismatch: expected " + Name(want) + " but found " + Name(type), bound.Span, bound.Token);
        }
    }

    /// <summary>Two sides that must agree (assignment, comparison, ternary): infer one from the other.</summary>
    private void Unify(Bound left, Bound right)
    {
        if (left.Node.Type is StapType.Unknown && right.Node.Type is not (StapType.Unknown or StapType.Void))
        {
            Require(left, right.Node.Type);
        }
        else if (right.Node.Type is StapType.Unknown && left.Node.Type is not (StapType.Unknown or StapType.Void))
        {
            Require(right, left.Node.Type);
        }
        else if (left.Node.Type != right.Node.Type && left.Node.Type is not (StapType.Unknown or StapType.Void)
            && right.Node.Type is not (StapType.Unknown or StapType.Void))
        {
            Require(left, right.Node.Type);
        }
    }

    /// <summary>A bound expression with the slot its type lives in (for symbols and calls) and stap's token.</summary>
    private readonly record struct Bound(BoundExpression Node, TypeSlot? Slot, SourceSpan Span, string Token)
    {
        /// <summary>The value's C type where it has one (a target expression, or a local or function it flowed
        /// into): what stap's autocast, <c>(expr)->member</c>, reads through.</summary>
        public TargetType? Target { get; init; }
    }
}
