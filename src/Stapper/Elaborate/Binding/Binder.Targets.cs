using System.Collections.Immutable;
using System.Text;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate.TargetVariables;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    private TargetContext? _target;

    /// <summary>
    /// The kernel's BTF types for target variables and @cast, opened on first use; null when the kernel image
    /// cannot be read.
    /// </summary>
    public Lazy<IKernelTypes?> KernelTypes { get; init; } = new((IKernelTypes?)null);

    /// <summary>--skip-badvars (<see cref="ElaborateOptions.SkipBadVars"/>).</summary>
    public bool SkipBadVars { get; init; }

    /// <summary>
    /// Binds a probe body whose <c>$var</c>s resolve against <paramref name="target"/> (null: none resolve);
    /// <paramref name="foldsOnExpansion"/>: stap folds its constants before resolving it (<see cref="FoldsOnExpansion"/>);
    /// <paramref name="sites"/>: the probe's sites, for <c>@perf</c>.
    /// </summary>
    public BoundBlock BindProbe(Block body, LocalScope scope, TargetContext? target, bool foldsOnExpansion = false, IReadOnlyList<ProbeSite>? sites = null)
    {
        _target = target;
        _probeSites = sites ?? [];
        _perfSlots.Clear();
        StartFolding(foldsOnExpansion);
        try
        {
            return BindProbe(body, scope);
        }
        finally
        {
            _probeSites = [];
            _target = null;
        }
    }

    private bool InTapset(SourceSpan span) => _symbols.PulledFiles.Any(f => f.IsTapset && ReferenceEquals(f.File, span.File));

    /// <summary>The global <paramref name="name"/> names there: tapset code does not see the user script's globals, so a
    /// tapset function's local never becomes a user's global of the same name (semok context-globals).</summary>
    private GlobalSymbol? VisibleGlobal(Identifier name) =>
        _symbols.FindGlobal(name.Name) is { } global && (global.FromTapset || !InTapset(name.Span)) ? global : null;

    private Bound BindTargetVariable(TargetVariable v)
    {
        if (v.Name.StartsWith('$') && v.Components.IsEmpty && !v.AddressOf)
        {
            return BindContextList(v);
        }
        if (v.PrettyPrint > 0)
        {
            return BindPrettyPrint(v, v.PrettyPrint, v.AddressOf);
        }
        // stap's tapsets spell entry values @entry($x), so its users never see this warning from tapset code; Stapper's
        // .return aliases use $x until @entry binds, and stay as quiet. stap warns before it looks the variable up.
        if (_target is { IsReturn: true, Site.CapturesAtEntry: false } && _target.Site.AtEntry("") is not null && v.Name != "return"
            && !InTapset(v.Span) && !_inPrettyPrint)
        {
            _diagnostics.Add(new Diagnostic(Severity.Warning, "sema.entry-capture", "WARNING",
                "confusing usage, value is captured as @entry(" + Spelling(v) + ") in .return probe [man stapprobes] RETURN PROBES",
                v.Span, TokenText.Identifier("$" + v.Name)));
        }
        try
        {
            var resolved = new TargetResolver(KernelTypes, _target).Resolve(v, BindIndex);
            return Node(new BoundTargetValue(resolved.Steps, v.Span) { Origin = resolved.Origin }, v) with { Target = resolved.Type };
        }
        catch (TargetResolutionException e)
        {
            return Unresolved(e.Error, v);
        }
    }

    private Bound BindCast(CastExpression cast)
    {
        if (cast.PrettyPrint > 0)
        {
            return BindPrettyPrint(cast, cast.PrettyPrint, cast.AddressOf);
        }
        var operand = Bind(cast.Operand);
        Require(operand, StapType.Long);
        try
        {
            var resolved = new TargetResolver(KernelTypes, _target).Resolve(cast, operand.Node, BindIndex);
            return Node(new BoundTargetValue(resolved.Steps, cast.Span) { Origin = resolved.Origin }, cast) with { Target = resolved.Type };
        }
        catch (TargetResolutionException e)
        {
            return Unresolved(e.Error, cast);
        }
    }

    /// <summary>
    /// stap's autocast, <c>(expr)->member</c>: the components read through the C type the operand's value has. A value
    /// without one leaves the expression's type unresolved (an error only if the optimizer keeps it).
    /// </summary>
    private Bound BindAutocast(AutocastExpression autocast)
    {
        if (autocast.PrettyPrint > 0)
        {
            return BindPrettyPrint(autocast, autocast.PrettyPrint, autocast.AddressOf);
        }
        var operand = Bind(autocast.Operand);
        Require(operand, StapType.Long);
        if (operand.Target is not { } type)
        {
            Error("sema.unresolved-type", "unresolved type ", TargetResolver.NameSpan(autocast.Span), TokenText.Of(autocast));
            return Node(new BoundUnresolvedTarget(autocast.Span), autocast);
        }
        try
        {
            var resolved = new TargetResolver(KernelTypes, _target).Resolve(autocast, operand.Node, type, BindIndex);
            return Node(new BoundTargetValue(resolved.Steps, autocast.Span) { Origin = resolved.Origin }, autocast) with { Target = resolved.Type };
        }
        catch (TargetResolutionException e)
        {
            return Unresolved(e.Error, autocast);
        }
    }

    /// <summary>stap's spelling of a target expression in messages: $a->b[i].</summary>
    internal static string Spelling(TargetVariable v)
    {
        var text = new StringBuilder(v.AddressOf ? "&$" : "$").Append(v.Name);
        foreach (var c in v.Components)
        {
            text.Append(c switch
            {
                MemberComponent m => "->" + m.Name,
                IndexComponent { Index: NumberLiteral n } => "[" + n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]",
                IndexComponent i => "[" + i.Index.Span.File.Text[i.Index.Span.Start..i.Index.Span.End] + "]",
                _ => "",
            });
        }
        return text.Append('$', v.PrettyPrint).ToString();
    }

    /// <summary>stap reports why, then that the expression's type stays unresolved, unless where it is used gives it
    /// one (a printf conversion, an arithmetic or string operator's operand).</summary>
    private Bound Unresolved(TargetError error, Expression e)
    {
        if (SkipBadVars)
        {
            _diagnostics.Add(new Diagnostic(Severity.Warning, "sema.skip-badvar", "WARNING",
                "Bad $context variable being substituted with literal 0", TargetResolver.NameSpan(e.Span), TokenText.Of(e)));
            return Node(new BoundNumber(0, e.Span), e);
        }
        Error("sema.target", error.Message, error.Span, error.Token);
        if (error.Then is { } then)
        {
            // Not one of the statement's first errors: stap reports it while typing, as "unresolved type" below.
            _diagnostics.Add(new Diagnostic(Severity.Error, "sema.target-debuginfo", Semantic, then, error.Span, error.Token));
        }
        if (!_typedByContext.Contains(e))
        {
            Error("sema.unresolved-type", "unresolved type ", TargetResolver.NameSpan(e.Span), TokenText.Of(e));
        }
        return Node(new BoundUnresolvedTarget(e.Span), e);
    }

    private BoundExpression BindIndex(Expression index)
    {
        var bound = Bind(index);
        Require(bound, StapType.Long);
        return bound.Node;
    }

    /// <summary>An expression's C type for @defined of an autocast, without binding it: a local's, a function's, a
    /// target expression's.</summary>
    private TargetType? TargetTypeOf(Expression e)
    {
        BoundExpression Dummy(Expression x) => new BoundNumber(1, x.Span);
        try
        {
            return e switch
            {
                Identifier id => _scope.Find(id.Name)?.Target.Type,
                FunctionCall call => _symbols.FindFunction(call.Name, call.Arguments.Length)?.ReturnTarget.Type,
                TargetVariable v when !v.Name.StartsWith('$') => new TargetResolver(KernelTypes, _target).Resolve(v, Dummy).Type,
                CastExpression c => new TargetResolver(KernelTypes, _target).Resolve(c, new BoundNumber(0, c.Span), Dummy).Type,
                AtVarExpression a => ResolveAtVar(a, Dummy).Type,
                AutocastExpression a when TargetTypeOf(a.Operand) is { } type =>
                    new TargetResolver(KernelTypes, _target).Resolve(a, new BoundNumber(0, a.Span), type, Dummy).Type,
                _ => null,
            };
        }
        catch (TargetResolutionException)
        {
            return null;
        }
    }

    /// <summary>@defined($var), @defined(@cast(...)->m): whether it resolves here, without binding anything.</summary>
    private bool IsTargetDefined(Expression operand)
    {
        BoundExpression Dummy(Expression e) => new BoundNumber(1, e.Span);
        try
        {
            switch (operand)
            {
                case TargetVariable v when v.Name.StartsWith('$'):
                    return _target is not null;
                case TargetVariable v:
                    _ = new TargetResolver(KernelTypes, _target).Resolve(v, Dummy);
                    return true;
                case CastExpression c:
                    _ = new TargetResolver(KernelTypes, _target).Resolve(c, new BoundNumber(0, c.Span), Dummy);
                    return true;
                case AtVarExpression a:
                    _ = ResolveAtVar(a, Dummy);
                    return true;
                case AutocastExpression a when TargetTypeOf(a.Operand) is { } type:
                    _ = new TargetResolver(KernelTypes, _target).Resolve(a, new BoundNumber(0, a.Span), type, Dummy);
                    return true;
                default:
                    return false;
            }
        }
        catch (TargetResolutionException)
        {
            return false;
        }
    }

    /// <summary>
    /// <c>$$parms</c>, <c>$$vars</c>, <c>$$locals</c>, <c>$$return</c>: stap's "name=%#x ..." strings. BTF knows
    /// parameters only, so at a function <c>$$vars</c> lists the parameters and <c>$$locals</c> is empty; a statement's
    /// DWARF scope has its locals too.
    /// </summary>
    private Bound BindContextList(TargetVariable v)
    {
        var token = TokenText.Identifier("$" + v.Name);
        if (_target?.Site.ContextString(v.Name) is { } text)
        {
            return Node(new BoundString(text, v.Span), v);
        }
        if (_target is null || v.Name is not ("$parms" or "$vars" or "$locals" or "$return"))
        {
            Error("sema.unresolved-target", "unresolved target-symbol expression", v.Span, token);
            return Invalid(v);
        }
        if (v.PrettyPrint > 0)
        {
            return BindPrettyContextList(v);
        }
        var format = new StringBuilder();
        var args = ImmutableArray.CreateBuilder<BoundExpression>();
        var function = _target.Function;
        if (_target.IsReturn && v.Name == "$return")
        {
            var type = function.ReturnType.Resolve();
            if (!type.IsVoid)
            {
                format.Append("return=%#x");
                // rax past the return type's width is whatever the callee left there.
                ImmutableArray<TargetStep> steps = type.Kind is TypeKind.Integer or TypeKind.Enum && type.Size is > 0 and < 8
                    ? [new LoadReturnValue(), new Narrow((int)type.Size, type.IsSigned)]
                    : [new LoadReturnValue()];
                args.Add(new BoundTargetValue(steps, v.Span)
                {
                    Token = token,
                    TokenSpan = v.Span,
                    Origin = new TargetOrigin(false, "return", [], "$" + v.Name),
                });
            }
        }
        else
        {
            foreach (var p in function.Parameters.Where(p => _target.Site.ParameterLabel(p.Name).Length > 0 && Listed(v.Name, p.Index)))
            {
                if (format.Length > 0)
                {
                    format.Append(' ');
                }
                format.Append(_target.Site.ParameterLabel(p.Name));
                var kind = p.Type.Resolve().Kind;
                if (kind is TypeKind.Struct or TypeKind.Union)
                {
                    format.Append("={...}");
                }
                else if (ParameterSteps(p) is not { } steps)
                {
                    format.Append("=?");
                }
                else
                {
                    format.Append(kind == TypeKind.Pointer ? "=" + _target.Site.PointerFormat : "=%#x");
                    args.Add(new BoundTargetValue(steps, v.Span)
                    {
                        Token = token,
                        TokenSpan = v.Span,
                        Origin = new TargetOrigin(false, p.Name, [], "$" + v.Name),
                    });
                }
            }
        }
        var pieces = FormatString.Parse(format.ToString());
        return Node(new BoundPrint(PrintKind.Sprintf, pieces ?? [], null, args.ToImmutable(), StapType.String, v.Span), v);
    }

    /// <summary>Whether context list <paramref name="list"/> names prototype parameter <paramref name="index"/>: a statement's
    /// prototype holds its parameters and its locals (<see cref="ITargetVariableSite.IsLocal"/>).</summary>
    private bool Listed(string list, int index) => list switch
    {
        "$vars" => true,
        "$locals" => _target!.Site.IsLocal(index),
        _ => !_target!.Site.IsLocal(index),
    };

    /// <summary>
    /// How <c>$$parms</c> reads a word-sized parameter: the site's own load, its place in memory (a syscall's user
    /// register, a user function's stack word), the probe context, or the calling convention; null when it cannot.
    /// </summary>
    private ImmutableArray<TargetStep>? ParameterSteps(ParameterInfo p)
    {
        var site = _target!.Site;
        var type = p.Type.Resolve();
        if (type.Kind is not (TypeKind.Integer or TypeKind.Enum or TypeKind.Pointer) || site.Unreadable(p.Index) is not null)
        {
            return null;
        }
        var size = (int)type.Size;
        var narrowed = size < 8 && type.Kind != TypeKind.Pointer;
        if (site.Address(p.Index, _target.IsReturn) is { } address)
        {
            var width = narrowed ? size : 8;
            var signed = narrowed && type.IsSigned;
            return [.. address, site.UserMemory ? new FetchUser(width, signed) : new Fetch(width, signed)];
        }
        if (site.Load(p.Index) is { } own)
        {
            return own;
        }
        if (p.Index >= 6 && !site.ArgumentsInContext)
        {
            return null;
        }
        TargetStep load = site.ArgumentsInContext ? new LoadContextArgument(p.Index) : new LoadParameter(p.Index, _target.IsReturn);
        return narrowed ? [load, new Narrow(size, type.IsSigned)] : [load];
    }
}
