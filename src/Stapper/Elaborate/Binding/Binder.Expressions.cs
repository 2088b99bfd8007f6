using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    /// <summary>False only for the outermost expression of an expression statement (stap's "used" rule for auto-print).</summary>
    private bool _valueUsed = true;

    private Bound Bind(Expression e)
    {
        var outerUsed = _valueUsed;
        var bound = BindCore(e, outerUsed);
        _valueUsed = outerUsed;
        return bound;
    }

    private Bound BindCore(Expression e, bool valueUsed)
    {
        _valueUsed = true;
        var span = TokenText.SpanOf(e);
        switch (e)
        {
            case NumberLiteral n:
                return Node(new BoundNumber(n.Value, e.Span), e);
            case StringLiteral s:
                return Node(new BoundString(s.Value, e.Span), e);
            case Identifier id:
                return BindIdentifier(id, valueUsed ? Use.Read : Use.None);
            case IndexExpression index:
                return BindIndex(index, valueUsed ? Use.Read : Use.None);
            case FunctionCall call:
                return BindCall(call, valueUsed);
            case BinaryExpression b:
                return Folded(BindBinary(b));
            case UnaryExpression u:
                {
                    var operand = Bind(u.Operand);
                    Require(operand, StapType.Long);
                    return Folded(Node(new BoundUnary(u.Operator, operand.Node, e.Span), e));
                }
            case IncrementExpression inc:
                {
                    var target = BindTarget(inc.Target, valueUsed ? Use.ReadWrite : Use.Write);
                    if (target?.Node is not BoundVariable)
                    {
                        return Invalid(e);
                    }
                    Require(target!.Value, StapType.Long);
                    return Node(new BoundIncrement((BoundVariable)target.Value.Node, inc.IsIncrement, inc.IsPrefix, e.Span), e);
                }
            case AssignmentExpression a:
                return BindAssignment(a, valueUsed);
            case TernaryExpression t:
                {
                    var condition = Bind(t.Condition);
                    Require(condition, StapType.Long);
                    if (FoldedBranch(condition.Node) is { } taken)
                    {
                        return BindCore(taken ? t.Then : t.Else, valueUsed);
                    }
                    var then = Bind(t.Then);
                    var @else = Bind(t.Else);
                    Unify(then, @else);
                    var type = then.Node.Type != StapType.Unknown ? then.Node.Type : @else.Node.Type;
                    // Autocast through a ternary: both branches of one C type.
                    var target = then.Target is { } a && @else.Target is { } b && a.SameAs(b) ? a : null;
                    return Node(new BoundTernary(condition.Node, then.Node, @else.Node, type, e.Span), e) with { Target = target };
                }
            case InExpression inExpression:
                return BindIn(inExpression);
            case AggregateExpression aggregate:
                {
                    var operand = BindStatsOperand(aggregate.Operand);
                    if (operand is null)
                    {
                        return Invalid(e);
                    }
                    if (aggregate.Operator == AggregateOperator.Variance && aggregate.Arguments is [NumberLiteral shift, ..]
                        && StatsGlobal(operand) is { } owner && owner.VarianceShift != (int)shift.Value)
                    {
                        owner.VarianceShift = (int)shift.Value;
                        Changed = true;
                    }
                    return Node(new BoundAggregate(aggregate.Operator, operand, e.Span), e);
                }
            case HistogramExpression histogram:
                return BindHistogram(histogram);
            case DefinedExpression defined:
                {
                    // Once true, it stays true: an autocast's type may come from code the optimizer then removes
                    // (stap decides @defined before its optimizer runs).
                    // Keyed by the operand's place too: a macro's @defined(@a) has one span for all its expansions;
                    // and by the site: one body over vfs_mkdir and vfs_link has $dentry in the first only; the inlined
                    // instances of one function share its name, each with its own places (its pc tells them apart).
                    var site = (_target?.Site as ProbeSite)?.Name + (_target?.Site is KernelStatementSite k ? "@" + k.Pc.ToString("x", System.Globalization.CultureInfo.InvariantCulture) : "");
                    var key = ((string?)site, e.Span, defined.Operand.Span);
                    if (defined.Operand is AutocastExpression { Operand: Identifier tested } && _scope.Find(tested.Name) is not null)
                    {
                        _scope.TestedByDefined.Add(tested.Name);
                    }
                    var value = IsDefined(defined.Operand) || _symbols.DefinedTrue.Contains(key);
                    if (value)
                    {
                        _symbols.DefinedTrue.Add(key);
                    }
                    return Node(new BoundNumber(value ? 1 : 0, e.Span), e);
                }
            case EmbeddedExpression embedded:
                BindGlobalPragmas(embedded.Code, span, "embedded-code");
                // stap: /* string */ makes the C a string's (a char pointer); any other is a long
                return Node(new BoundEmbeddedExpression(embedded.Code, embedded.Pragmas,
                    embedded.Pragmas.HasFlag(EmbeddedPragmas.String) ? StapType.String : StapType.Long, e.Span), e);
            case ConstExpression constant:
                {
                    // stap's @const("NAME") is the C expression NAME, an embedded expression marked pure and stable.
                    var code = "/* pure */ /* unprivileged */ /* stable */ " + constant.Name;
                    return Node(new BoundEmbeddedExpression(code, EmbeddedPragmaMarkers.In(code), StapType.Long, e.Span), e);
                }
            case TargetVariable v:
                return BindTargetVariable(v);
            case CastExpression cast:
                return BindCast(cast);
            case AutocastExpression autocast:
                return BindAutocast(autocast);
            case EntryExpression entry:
                // A return probe's @entry was expanded with its entry probe (EntryCapture): anything left is elsewhere,
                // an error once the optimizer kept it (its operand stands in, so a pure one can be elided).
                EntryOutsideReturn(span);
                return Bind(entry.Operand);
            case AtVarExpression atVar:
                return BindAtVar(atVar);
            case PerfExpression perf:
                return Node(BindPerf(perf), e);
            default:
                Error("sema.unsupported", "unsupported expression", span, TokenText.Of(e));
                return Invalid(e);
        }
    }

    private Bound Node(BoundExpression node, Expression syntax, TypeSlot? slot = null)
    {
        var token = TokenText.Of(syntax);
        var span = TokenText.SpanOf(syntax);
        return new(node with { Token = token, TokenSpan = span }, slot, span, token);
    }

    private Bound Invalid(Expression syntax) => Node(new BoundInvalid(syntax.Span), syntax);

    [Flags]
    private enum Use
    {
        None = 0,
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    private void Mark(GlobalSymbol global, Use use)
    {
        if (use.HasFlag(Use.Write))
        {
            global.Written = true;
        }
        if (use.HasFlag(Use.Read))
        {
            global.Read = true;
            global.Used = true;
        }
    }

    private Bound BindIdentifier(Identifier id, Use use)
    {
        var token = TokenText.Of(id);
        if (_scope.Find(id.Name) is { } local)
        {
            return Node(new BoundLocal(Local(local), id.Span), id, local.Slot) with { Target = local.Target.Type };
        }
        if (VisibleGlobal(id) is { } global)
        {
            CheckArity(global, 0, id.Span, token);
            Mark(global, use);
            return Node(new BoundGlobal(ToGlobal(global), id.Span), id, global.Value);
        }
        var declared = _scope.Declare(id.Name, id.Span);
        return Node(new BoundLocal(Local(declared), id.Span), id, declared.Slot);
    }

    /// <summary>An lvalue: a local, scalar global or array element.</summary>
    private Bound? BindTarget(Expression target, Use use)
    {
        switch (target)
        {
            case Identifier id:
                {
                    var bound = BindIdentifier(id, use);
                    if (bound.Node is BoundLocal && _scope.Find(id.Name) is { } local)
                    {
                        local.Assigned = true;
                    }
                    return bound;
                }
            case IndexExpression index when index.Base is Identifier:
                return BindIndex(index, use);
            case AtVarExpression when !GuruMode:
                Error("sema.target-write", "write to @var variable not permitted; need stap -g", TokenText.SpanOf(target), TokenText.Of(target));
                return null;
            case TargetVariable or CastExpression or AutocastExpression or AtVarExpression:
                // stap's message without -g; with -g stap writes the kernel's memory, which this translator does not.
                Error("sema.target-write", GuruMode ? "write to target variable not supported by this translator" : "write to target variable not permitted; need stap -g",
                    TokenText.SpanOf(target), TokenText.Of(target));
                return null;
            default:
                Error("sema.lvalue", "Expecting lvalue for assignment", TokenText.SpanOf(target), TokenText.Of(target));
                return null;
        }
    }

    private Bound BindIndex(IndexExpression index, Use use)
    {
        if (index.Base is HistogramExpression histogram)
        {
            return BindHistogramBucket(histogram, index.Indexes, index);
        }
        if (index.Base is not Identifier name)
        {
            Error("sema.unsupported", "unsupported indexing", TokenText.SpanOf(index), TokenText.Of(index));
            return Invalid(index);
        }
        var token = TokenText.Of(name);
        var global = ArrayGlobal(name, index.Indexes.Length);
        var keys = ImmutableArray.CreateBuilder<BoundExpression>(index.Indexes.Length);
        for (var i = 0; i < index.Indexes.Length; i++)
        {
            if (index.Indexes[i] is not { } key)
            {
                Error("sema.wildcard-index", "wildcard not allowed in array index", index.Span, token);
                continue;
            }
            var boundKey = Bind(key);
            if (global is not null)
            {
                BindKey(global, i, boundKey);
            }
            keys.Add(boundKey.Node);
        }
        if (global is null)
        {
            return Invalid(index);
        }
        Mark(global, use);
        // An @entry capture's value: the captured expression's C type, as seen in this (return) probe.
        var entryType = _symbols.EntryOperands.TryGetValue(name.Name, out var captured) && _target is not null ? TargetTypeOf(captured) : null;
        return Node(new BoundArrayElement(ToGlobal(global), keys.ToImmutable(), index.Span), index, global.Value) with { Target = entryType };
    }

    /// <summary>A key expression against the array's key slot i (stap: "index i type mismatch").</summary>
    private void BindKey(GlobalSymbol global, int i, Bound key)
    {
        if (global.Keys is null || i >= global.Keys.Count)
        {
            return;
        }
        var slot = global.Keys[i];
        if (slot.Type == StapType.Unknown)
        {
            if (key.Node.Type is StapType.Long or StapType.String)
            {
                Resolve(slot, key.Node.Type, key.Span, key.Token);
            }
            return;
        }
        if (key.Node.Type == StapType.Unknown)
        {
            Require(key, slot.Type);
        }
        else if (key.Node.Type != slot.Type)
        {
            var chain = new Diagnostic(Severity.Error, "sema.type-first-inferred", Semantic,
                "type of index " + i + " was first inferred here (" + Name(slot.Type) + ")", slot.InferredAt, slot.InferredToken);
            Error("sema.type-mismatch", "index " + i + " type mismatch (" + Name(key.Node.Type) + ")", key.Span, key.Token, chain);
        }
    }

    /// <summary>The global array named by an index or foreach; stap's error when there is none.</summary>
    private GlobalSymbol? ArrayGlobal(Identifier name, int arity)
    {
        var token = TokenText.Of(name);
        if (_scope.Find(name.Name) is null && VisibleGlobal(name) is { } global)
        {
            return CheckArity(global, arity, name.Span, token) ? global : null;
        }
        if (_scope.Find(name.Name) is not null)
        {
            Error("sema.array-local", "array locals not supported, missing global declaration? ", name.Span, token);
        }
        else
        {
            Error("sema.unresolved-array", $"unresolved arity-{arity} global array {name.Name}, missing global declaration?", name.Span, token);
        }
        return null;
    }

    private bool CheckArity(GlobalSymbol global, int arity, SourceSpan span, string token)
    {
        // stap's set_arity: a size or % in the declaration makes it an array, reported at the declaration.
        if (arity == 0 && (global.Declaration.MaxEntries is not null || global.Declaration.Wrap))
        {
            Error("sema.arity", global.Declaration.Wrap ? "wrapping not supported for scalars" : "inconsistent arity",
                global.Declaration.Span, TokenText.Identifier(global.Name));
            return false;
        }
        if (global.Keys is null)
        {
            global.Keys = Enumerable.Range(0, arity).Select(_ => new TypeSlot()).ToList();
            global.ArityAt = span;
            Changed = true;
            return true;
        }
        if (global.Keys.Count == arity)
        {
            return true;
        }
        // stap: the arity known first, then this use's, chained to where the first was inferred.
        var chain = global.ArityAt is { } first
            ? new Diagnostic(Severity.Error, "sema.arity-first", Semantic, $"arity {global.Keys.Count} first inferred here", first, token)
            : null;
        Error("sema.arity", $"inconsistent arity ({global.Keys.Count} vs {arity})", span, token, chain);
        return false;
    }

    /// <summary>
    /// <c>$var = v</c>, <c>$p->m = v</c>, <c>@cast(p, "T")->m = v</c> in guru mode: the target resolves as a read
    /// does (its errors too), then must end where a write can go; only <c>=</c> (stap's other operators read first).
    /// </summary>
    private Bound BindTargetWrite(AssignmentExpression a)
    {
        // the value types what it is written to (stap: no "unresolved type" after a bad $var = 1)
        if (a.Value is not TargetVariable)
        {
            _typedByContext.Add(a.Target);
        }
        var target = Bind(a.Target);
        var value = Bind(a.Value);
        Require(value, StapType.Long);
        if (target.Node is BoundUnresolvedTarget)
        {
            return Node(new BoundTargetWrite(target.Node, value.Node, a.Span), a);
        }
        if (a.Operator != AssignmentOperator.Assign || target.Node is not BoundTargetValue t
            || !(BoundTargetWrite.Writable(t) || t.Steps is [LoadContextArgument c, ..] && _target!.Site.ArgumentWritable(c.Index)))
        {
            Error("sema.target-write", "write to target variable not supported by this translator", TokenText.SpanOf(a.Target), TokenText.Of(a.Target));
            return Invalid(a);
        }
        return Node(new BoundTargetWrite(t, value.Node, a.Span), a);
    }

    private Bound BindAssignment(AssignmentExpression a, bool valueUsed)
    {
        if (_elisions.Assignments.Contains(a.OperatorSpan))
        {
            return BindCore(a.Value, valueUsed);
        }
        if (GuruMode && a.Target is TargetVariable { Name: not ['$', ..] } or CastExpression or AutocastExpression or AtVarExpression)
        {
            return BindTargetWrite(a);
        }
        var use = a.Operator is AssignmentOperator.Assign or AssignmentOperator.Aggregate
            ? Use.Write
            : valueUsed ? Use.ReadWrite : Use.Write;
        var target = BindTarget(a.Target, use);
        var value = Bind(a.Value);
        if (target is not { Node: BoundVariable } t)
        {
            return Invalid(a);
        }
        var variable = (BoundVariable)t.Node;
        StapType type;
        switch (a.Operator)
        {
            case AssignmentOperator.Assign:
                if (value.Node.Type == StapType.Stats || t.Node.Type == StapType.Stats)
                {
                    Error("sema.stats-assign", "type mismatch: expected " + Name(StapType.Stats == t.Node.Type ? StapType.Long : t.Node.Type) + " but found stats", value.Span, value.Token);
                }
                Unify(t, value);
                type = t.Node.Type != StapType.Unknown ? t.Node.Type : value.Node.Type;
                break;
            case AssignmentOperator.ConcatenateAssign:
                Require(t, StapType.String);
                Require(value, StapType.String);
                type = StapType.String;
                break;
            case AssignmentOperator.Aggregate:
                if (variable is BoundLocal)
                {
                    Error("sema.stats-local", "stat locals not supported, missing global declaration? ", t.Span, t.Token);
                }
                Require(t, StapType.Stats);
                Require(value, StapType.Long);
                type = StapType.Void;
                break;
            default:
                Require(t, StapType.Long);
                Require(value, StapType.Long);
                type = StapType.Long;
                break;
        }
        if (a.Operator == AssignmentOperator.Assign && variable is BoundLocal && _scope.Find(((BoundLocal)variable).Variable.Name) is { } assigned
            && assigned.Target.Take(value.Target))
        {
            Changed = true;
        }
        return Node(new BoundAssignment(a.Operator, variable, value.Node, type, a.Span), a) with { Target = value.Target };
    }

    private Bound BindBinary(BinaryExpression b)
    {
        if (!IsComparison(b.Operator))
        {
            _typedByContext.Add(b.Left);
            _typedByContext.Add(b.Right);
        }
        else
        {
            // A comparison gives one side the other's type; a literal's is known before either is bound.
            if (b.Right is NumberLiteral or StringLiteral)
            {
                _typedByContext.Add(b.Left);
            }
            if (b.Left is NumberLiteral or StringLiteral)
            {
                _typedByContext.Add(b.Right);
            }
        }
        var left = Bind(b.Left);
        switch (b.Operator)
        {
            case BinaryOperator.RegexMatch or BinaryOperator.RegexNotMatch:
                {
                    Require(left, StapType.String);
                    if (b.Right is not StringLiteral pattern)
                    {
                        Error("sema.regex", "regex must be a literal string", b.Right.Span, TokenText.Of(b.Right));
                        return Invalid(b);
                    }
                    return Node(new BoundRegexMatch(left.Node, pattern.Raw ?? pattern.Value, b.Operator == BinaryOperator.RegexNotMatch, b.Span, pattern.Span), b);
                }
            case BinaryOperator.Concatenate:
                {
                    var right = Bind(b.Right);
                    Require(left, StapType.String);
                    Require(right, StapType.String);
                    return Node(new BoundBinary(b.Operator, left.Node, right.Node, StapType.String, b.Span), b);
                }
            case var op when IsComparison(op):
                {
                    var right = Bind(b.Right);
                    if (left.Node.Type is StapType.Long or StapType.String && right.Node.Type is StapType.Long or StapType.String
                        && left.Node.Type != right.Node.Type)
                    {
                        Error("sema.type-mismatch", $"type mismatch: left and right sides don't agree ({Name(left.Node.Type)} vs {Name(right.Node.Type)})",
                            b.OperatorSpan, TokenText.Of(b));
                    }
                    else
                    {
                        Unify(left, right);
                    }
                    return Node(new BoundBinary(b.Operator, left.Node, right.Node, StapType.Long, b.Span), b);
                }
            default:
                {
                    var right = Bind(b.Right);
                    Require(left, StapType.Long);
                    Require(right, StapType.Long);
                    return Node(new BoundBinary(b.Operator, left.Node, right.Node, StapType.Long, b.Span), b);
                }
        }
    }

    private static bool IsComparison(BinaryOperator op) => op is BinaryOperator.Less or BinaryOperator.LessEqual
        or BinaryOperator.Greater or BinaryOperator.GreaterEqual or BinaryOperator.Equal or BinaryOperator.NotEqual;

    private Bound BindIn(InExpression e)
    {
        if (e.Array is HistogramExpression histogram)
        {
            return BindHistogramBucket(histogram, e.Keys, e);
        }
        if (e.Array is not Identifier name)
        {
            Error("sema.unsupported", "unsupported array in 'in'", e.Array.Span, TokenText.Of(e.Array));
            return Invalid(e);
        }
        var global = ArrayGlobal(name, e.Keys.Length);
        var keys = BindKeys(global, e.Keys);
        if (global is null)
        {
            return Invalid(e);
        }
        Mark(global, Use.Read);
        return Node(new BoundIn(ToGlobal(global), keys, e.Span), e);
    }

    private ImmutableArray<BoundExpression?> BindKeys(GlobalSymbol? global, ImmutableArray<Expression?> keys)
    {
        var bound = ImmutableArray.CreateBuilder<BoundExpression?>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is not { } key)
            {
                bound.Add(null);
                continue;
            }
            var k = Bind(key);
            if (global is not null)
            {
                BindKey(global, i, k);
            }
            bound.Add(k.Node);
        }
        return bound.ToImmutable();
    }

    /// <summary>The aggregate behind @count(x) or @hist_log(a[k]): a stats global or element.</summary>
    private BoundVariable? BindStatsOperand(Expression operand)
    {
        if (operand is not (Identifier or IndexExpression))
        {
            Error("sema.stats-operand", "expected a statistic", TokenText.SpanOf(operand), TokenText.Of(operand));
            return null;
        }
        var bound = Bind(operand);
        if (bound.Node is BoundLocal)
        {
            Error("sema.stats-local", "stat locals not supported, missing global declaration? ", bound.Span, bound.Token);
            return null;
        }
        Require(bound, StapType.Stats);
        return bound.Node as BoundVariable;
    }

    private Bound BindHistogram(HistogramExpression h)
    {
        var operand = BindStatsOperand(h.Operand);
        if (operand is null)
        {
            return Invalid(h);
        }
        var global = StatsGlobal(operand);
        LinearHistogram? linear = null;
        if (h.Kind == HistogramKind.Linear)
        {
            var values = h.Parameters.Select(p => p as NumberLiteral ?? (p is UnaryExpression { Operator: UnaryOperator.Negate, Operand: NumberLiteral n } ? n with { Value = -n.Value } : null)).ToList();
            if (values.Count != 3 || values.Any(v => v is null))
            {
                Error("sema.hist-linear", "expected literal number", h.Span, TokenText.Of(h));
                return Invalid(h);
            }
            linear = new LinearHistogram(values[0]!.Value, values[1]!.Value, values[2]!.Value);
            if (linear.Interval <= 0 || linear.Stop <= linear.Start)
            {
                Error("sema.hist-linear", "invalid histogram parameters", h.Span, TokenText.Of(h));
                return Invalid(h);
            }
        }
        if (global is not null && global.HistogramAt is null)
        {
            global.HistogramAt = h.Span;
            global.LogHistogram = linear is null;
            global.LinearHistogram = linear;
            Changed = true;
        }
        else if (global is not null && global.HistogramAt != h.Span && (global.LogHistogram != (linear is null) || global.LinearHistogram != linear))
        {
            Error("sema.hist-linear", $"multiple histogram types declared on '__global_{global.Name}'", h.Span, TokenText.Of(h));
        }
        return Node(new BoundHistogram(h.Kind, operand, linear, h.Span), h);
    }

    /// <summary>
    /// <c>@hist_log(x)[i]</c> or <c>i in @hist_log(x)</c>: stap types a histogram as an array [long]:long of bucket
    /// counts; any other number of indexes leaves it untyped. Runtime errors name the histogram, as stap's do.
    /// </summary>
    private Bound BindHistogramBucket(HistogramExpression h, ImmutableArray<Expression?> indexes, Expression syntax)
    {
        var histogram = BindHistogram(h);
        var bound = indexes.Select(i => i is null ? (Bound?)null : Bind(i)).ToList();
        if (bound is not [{ } index])
        {
            Error("sema.unresolved-type", "unresolved type ", histogram.Span, histogram.Token);
            return Invalid(syntax);
        }
        Require(index, StapType.Long);
        if (histogram.Node is not BoundHistogram node)
        {
            return Invalid(syntax);
        }
        var bucket = new BoundHistogramBucket(node, index.Node, syntax.Span) { Token = histogram.Token, TokenSpan = histogram.Span };
        return new Bound(bucket, null, TokenText.SpanOf(syntax), TokenText.Of(syntax));
    }

    private GlobalSymbol? StatsGlobal(BoundVariable operand) => operand switch
    {
        BoundGlobal g => _symbols.FindGlobal(g.Variable.Name),
        BoundArrayElement a => _symbols.FindGlobal(a.Array.Name),
        _ => null,
    };

    /// <summary>@defined(x): false for what cannot resolve here (target variables without debug info).</summary>
    private bool IsDefined(Expression operand) =>
        operand is TargetVariable or CastExpression or AutocastExpression or AtVarExpression ? IsTargetDefined(operand) : operand is not EntryExpression;

    private static GlobalVariable ToGlobal(GlobalSymbol g) => g.ToVariable();
}
