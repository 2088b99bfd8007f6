using System.Collections.Immutable;
using Stapper.DebugInfo;
using Stapper.Elaborate.TargetVariables;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    /// <summary>While binding the reads a pretty print expands to: the expression itself was warned about.</summary>
    private bool _inPrettyPrint;

    /// <summary>
    /// <c>$var$</c>, <c>@cast(...)->m$$</c>, <c>(expr)->m$</c>: stap's sprintf of the value's fields (PrettyPrintLayout),
    /// "ERROR" when a read faults. The base's type comes from the value, or for an embedded struct from its address.
    /// </summary>
    private Bound BindPrettyPrint(Expression e, int depth, bool addressOf)
    {
        var token = TokenText.Of(e);
        if (addressOf)
        {
            Error("sema.target", "cannot take address of pretty-printed variable", TargetResolver.NameSpan(e.Span), token);
            return Invalid(e);
        }
        Expression At(ImmutableArray<TargetComponent> more) => e switch
        {
            TargetVariable v => v with { PrettyPrint = 0, Components = v.Components.AddRange(more) },
            CastExpression c => c with { PrettyPrint = 0, Components = c.Components.AddRange(more) },
            AutocastExpression a => a with { PrettyPrint = 0, Components = a.Components.AddRange(more) },
            AtVarExpression a => a with { PrettyPrint = 0, Components = a.Components.AddRange(more) },
            _ => e,
        };
        var plain = At([]);
        if (PrettyBaseType(plain) is not { } type)
        {
            // Bound plainly, it reports why it does not resolve.
            return Bind(plain);
        }
        if (_target is { IsReturn: true, Site.CapturesAtEntry: false } && e is TargetVariable { Name: not "return" } tv && !InTapset(e.Span) && !_inPrettyPrint)
        {
            _diagnostics.Add(new Diagnostics.Diagnostic(Diagnostics.Severity.Warning, "sema.entry-capture", "WARNING",
                "confusing usage, value is captured as @entry(" + Spelling(tv with { PrettyPrint = 0 }) + "->" + new string('$', depth) + ") in .return probe [man stapprobes] RETURN PROBES",
                e.Span, TokenText.Identifier("$" + tv.Name + (tv.Components.IsEmpty ? new string('$', depth) : ""))));
        }
        var (format, arguments) = PrettyPrintLayout.Build(type, depth > 1, At, x => TargetTypeOf(x) is not null,
            new TargetResolver(KernelTypes, _target).Complete, e.Span, (TargetTypeOf(plain) ?? TargetTypeOf(AddressOf(plain)))?.User ?? false);
        var call = new FunctionCall("sprintf", [new StringLiteral(format, e.Span), .. arguments], e.Span, e.Span);
        var outer = _inPrettyPrint;
        _inPrettyPrint = true;
        try
        {
            var value = Bind(call);
            return Node(new BoundCaughtString(value.Node, "ERROR", e.Span), e);
        }
        finally
        {
            _inPrettyPrint = outer;
        }
    }

    /// <summary><c>$$parms$</c>, <c>$$vars$$</c>, <c>$$return$</c>: "name=%s" of each one's pretty print, "name=?" where
    /// it does not resolve.</summary>
    private Bound BindPrettyContextList(TargetVariable v)
    {
        var target = _target!;
        var format = new System.Text.StringBuilder();
        var arguments = ImmutableArray.CreateBuilder<BoundExpression>();
        void Add(string label, string name)
        {
            format.Append(format.Length > 0 ? " " : "").Append(label);
            var one = new TargetVariable(name, [], v.PrettyPrint, false, v.Span);
            if (PrettyBaseType(one with { PrettyPrint = 0 }) is null)
            {
                format.Append("=?");
                return;
            }
            format.Append("=%s");
            var outer = _inPrettyPrint;
            _inPrettyPrint = true;
            try
            {
                arguments.Add(BindPrettyPrint(one, v.PrettyPrint, false).Node);
            }
            finally
            {
                _inPrettyPrint = outer;
            }
        }
        if (target.IsReturn && v.Name == "$return")
        {
            if (!target.Function.ReturnType.Resolve().IsVoid)
            {
                Add("return", "return");
            }
        }
        else
        {
            foreach (var p in target.Function.Parameters.Where(p => target.Site.ParameterLabel(p.Name).Length > 0 && Listed(v.Name, p.Index)))
            {
                Add(target.Site.ParameterLabel(p.Name), p.Name);
            }
        }
        var pieces = FormatString.Parse(format.ToString());
        return Node(new BoundPrint(PrintKind.Sprintf, pieces ?? [], null, arguments.ToImmutable(), StapType.String, v.Span), v);
    }

    /// <summary>The type a pretty print walks: the value's, or for an embedded struct (no value) the one at its address;
    /// null when neither resolves.</summary>
    private TypeInfo? PrettyBaseType(Expression plain) =>
        TargetTypeOf(plain)?.Type ?? (TargetTypeOf(AddressOf(plain)) is { Type: { Kind: TypeKind.Pointer, Target: { } inMemory } } ? inMemory : null);

    private static Expression AddressOf(Expression e) => e switch
    {
        TargetVariable v => v with { AddressOf = true },
        CastExpression c => c with { AddressOf = true },
        AutocastExpression a => a with { AddressOf = true },
        AtVarExpression a => a with { AddressOf = true },
        _ => e,
    };
}
