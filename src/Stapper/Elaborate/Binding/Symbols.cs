using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

/// <summary>A global as pass 2 learns about it: its value and key types, arity, and use.</summary>
internal sealed class GlobalSymbol
{
    public GlobalSymbol(GlobalDeclaration declaration, bool fromTapset)
    {
        Declaration = declaration;
        FromTapset = fromTapset;
        var initial = declaration.Initializer switch
        {
            StringLiteral => StapType.String,
            NumberLiteral or UnaryExpression => StapType.Long,
            _ => StapType.Unknown,
        };
        if (initial != StapType.Unknown)
        {
            Value.Resolve(initial, declaration.Span, "identifier '" + declaration.Name + "'");
            Keys = new();
        }
    }

    public GlobalDeclaration Declaration { get; }
    public bool FromTapset { get; }
    public string Name => Declaration.Name;
    public TypeSlot Value { get; } = new();

    /// <summary>Null until first used; empty for a scalar.</summary>
    public List<TypeSlot>? Keys { get; set; }
    public SourceSpan? ArityAt { get; set; }
    public bool Read { get; set; }
    public bool Written { get; set; }

    /// <summary>Read where the value matters (not just <c>x++</c> as a statement): stap's "used".</summary>
    public bool Used { get; set; }
    public bool LogHistogram { get; set; }
    public LinearHistogram? LinearHistogram { get; set; }

    /// <summary>The first @hist_log/@hist_linear over it, which fixes its histogram (stap allows only one).</summary>
    public SourceSpan? HistogramAt { get; set; }

    /// <summary>The bit shift of <c>@variance(x, N)</c> (stap keeps one per aggregate).</summary>
    public int VarianceShift { get; set; }

    /// <summary>The global as the bound tree shows it, from what is known now.</summary>
    public GlobalVariable ToVariable()
    {
        BoundLiteral? initializer = Declaration.Initializer switch
        {
            NumberLiteral n => new BoundNumber(n.Value, n.Span),
            StringLiteral s => new BoundString(s.Value, s.Span),
            UnaryExpression { Operator: UnaryOperator.Negate, Operand: NumberLiteral n } => new BoundNumber(-n.Value, n.Span),
            _ => null,
        };
        var keys = Keys is null ? ImmutableArray<StapType>.Empty : [.. Keys.Select(k => k.Type)];
        var stats = Value.Type == StapType.Stats ? new StatisticsSpec(LogHistogram, LinearHistogram, VarianceShift) : null;
        var fresh = new GlobalVariable(Name, Value.Type, keys, Declaration.MaxEntries ?? 0, Declaration.Wrap, initializer, stats, Declaration.Span);
        // One global is one object: every node bound while nothing about it changes shares the same record.
        if (_variable is { } known && known.KeyTypes.SequenceEqual(fresh.KeyTypes) && known with { KeyTypes = fresh.KeyTypes } == fresh)
        {
            return known;
        }
        return _variable = fresh;
    }

    private GlobalVariable? _variable;
}

/// <summary>A function with the types of its parameters and return, and its locals.</summary>
internal sealed class FunctionSymbol(FunctionDeclaration declaration, bool fromTapset)
{
    public FunctionDeclaration Declaration { get; } = declaration;
    public bool FromTapset { get; } = fromTapset;
    public string Name => Declaration.Name;
    public TypeSlot Return { get; } = new(TypeOf(declaration.ReturnType));
    public bool ReturnsValue { get; set; } = declaration.ReturnType is not null;

    /// <summary>The C type of what it returns (autocast), as for a local.</summary>
    public TargetFlow ReturnTarget { get; } = new();
    public LocalScope Scope { get; } = new(declaration.Parameters.Select(p => (p.Name, TypeOf(p.Type), p.Span)));

    private static StapType TypeOf(TypeName? t) => t switch
    {
        TypeName.Long => StapType.Long,
        TypeName.String => StapType.String,
        _ => StapType.Unknown,
    };
}

/// <summary>The locals of one probe or function; stap has no block scope.</summary>
internal sealed class LocalScope
{
    private readonly Dictionary<string, LocalSymbol> _locals = new(StringComparer.Ordinal);

    public LocalScope(IEnumerable<(string Name, StapType Type, SourceSpan Span)> parameters)
    {
        foreach (var (name, type, span) in parameters)
        {
            var local = new LocalSymbol(name, span, isParameter: true);
            if (type != StapType.Unknown)
            {
                local.Slot.Resolve(type, span, "identifier '" + name + "'");
            }
            _locals[name] = local;
            Parameters.Add(local);
        }
    }

    public List<LocalSymbol> Parameters { get; } = new();

    public IEnumerable<LocalSymbol> Locals => _locals.Values.Where(l => !l.IsParameter);

    public LocalSymbol? Find(string name) => _locals.GetValueOrDefault(name);

    /// <summary>Locals an autocast @defined tests (<c>@defined(x->m)</c>): stap settles those after its first optimizer,
    /// which so sees them read and gives no elision warning for them.</summary>
    public HashSet<string> TestedByDefined { get; } = new(StringComparer.Ordinal);

    public LocalSymbol Declare(string name, SourceSpan span)
    {
        if (!_locals.TryGetValue(name, out var local))
        {
            _locals[name] = local = new LocalSymbol(name, span, isParameter: false);
        }
        return local;
    }
}

internal sealed class LocalSymbol(string name, SourceSpan span, bool isParameter)
{
    public string Name { get; } = name;
    public SourceSpan Span { get; } = span;
    public bool IsParameter { get; } = isParameter;
    public TypeSlot Slot { get; } = new();
    public bool Assigned { get; set; }

    /// <summary>The C type every typed value assigned to it has (autocast), once one was; see <see cref="TargetFlow"/>.</summary>
    public TargetFlow Target { get; } = new();
}
