using Stapper.Elaborate;
using Stapper.Parse;
using Stapper.Translate.Regex;

namespace Stapper.Translate;

/// <summary>
/// The C expression of a bound expression: a GNU statement expression where it needs temporaries or
/// can fail (a failure raises stap's error and jumps to the frame's error label). Longs wrap as in stap
/// (arithmetic on uint64_t); strings are <c>const char *</c> into the frame's buffers or the maps.
/// Calls, prints, array elements and aggregates have emitters of their own.
/// </summary>
internal sealed class ExpressionEmitter
{
    private readonly BodyFrame _frame;
    private readonly RegexTables _regexes;
    private readonly CallEmitter _calls;
    private readonly PrintEmitter _prints;
    private readonly AggregateEmitter _aggregates;
    private readonly IReadOnlySet<GlobalVariable> _counters;
    private readonly IReadOnlyList<GlobalVariable> _globals;

    public ExpressionEmitter(BodyFrame frame, RegexTables regexes, IReadOnlySet<GlobalVariable> counters, IReadOnlyList<GlobalVariable> globals)
    {
        _frame = frame;
        _counters = counters;
        _globals = globals;
        _regexes = regexes;
        Maps = new MapAccess(frame, this);
        _aggregates = new AggregateEmitter(frame, this, Maps);
        _calls = new CallEmitter(frame, this);
        _prints = new PrintEmitter(frame, this, _aggregates);
    }

    public MapAccess Maps { get; }

    public AggregateEmitter Aggregates => _aggregates;

    public string Expr(BoundExpression e)
    {
        switch (e)
        {
            case BoundNumber n:
                return CNames.LongLiteral(n.Value);
            case BoundString s:
                return CNames.StringLiteral(s.Value);
            case BoundLocal lv:
                return $"l->{CNames.Local(lv.Variable)}";
            case BoundGlobal g when _counters.Contains(g.Variable):
                return CNames.CounterRead(g.Variable) + "()";
            case BoundGlobal g:
                return CNames.Global(g.Variable);
            case BoundArrayElement a:
                return Maps.Read(a);
            case BoundAssignment a:
                return a.Operator == AssignmentOperator.Aggregate ? _aggregates.Add(a) : Assignment(a);
            case BoundBinary b:
                return Binary(b);
            case BoundUnary u:
                return u.Operator switch
                {
                    // Unsigned, so INT64_MIN wraps as in stap (and constant folding does not warn).
                    UnaryOperator.Negate => $"((int64_t)(-(uint64_t)({Expr(u.Operand)})))",
                    UnaryOperator.Plus => $"({Expr(u.Operand)})",
                    UnaryOperator.LogicalNot => $"((int64_t)!({Expr(u.Operand)}))",
                    _ => $"(~({Expr(u.Operand)}))",
                };
            case BoundIncrement inc:
                return Increment(inc);
            case BoundTernary t:
                return t.Type == StapType.String
                    ? $"((const char *)(({Expr(t.Condition)}) ? ({Expr(t.Then)}) : ({Expr(t.Else)})))"
                    : $"(({Expr(t.Condition)}) ? ({Expr(t.Then)}) : ({Expr(t.Else)}))";
            case BoundIn i:
                return Maps.Contains(i);
            case BoundCall call:
                return _calls.Call(call);
            case BoundAggregate ag:
                return _aggregates.Value(ag);
            case BoundPrint p:
                return _prints.Print(p);
            case BoundCaughtString caught:
                return Caught(caught);
            case BoundEmbeddedExpression em:
                return Embedded(em);
            case BoundHistogramBucket b:
                return _aggregates.Bucket(b);
            case BoundHistogram h:
                _frame.Unsupported("histogram outside print", h.Span);
                return "0";
            case BoundRegexMatch r:
                return _regexes.Match(r.Pattern, Expr(r.Subject), r.Negated, r.PatternSpan, _frame.Diagnostics) ?? "0";
            case BoundTargetValue tv:
                return TargetVariableEmitter.Read(tv, Expr, _frame.ErrorLabel, _frame.Id, _frame.ContextFree);
            case BoundTargetWrite tw:
                return TargetVariableEmitter.Write(tw, Expr, _frame.ErrorLabel, _frame.Id);
            case BoundPerfRead { Counter: null } perf:
                // stap's expansion leaves it outside a process probe and its translator refuses it
                _frame.Diagnostics.Error("translate.perf", "semantic error", "cannot translate general @perf expression", perf.Span, "operator '@perf'");
                return "0";
            case BoundPerfRead perf:
                // the uprobe handler read the probe's counters into its argument words (templates/probes/uprobe.liquid)
                return $"((int64_t)(long)c->probe_args[{perf.Slot}])";
            default:
                _frame.Unsupported(e.GetType().Name, e.Span);
                return "0";
        }
    }

    /// <summary>
    /// Embedded C as an expression; with <c>STAP_GLOBAL_GET_/SET_</c> defined around it when its pragmas name globals,
    /// on lines of their own in the middle of the expression, as stap places them.
    /// </summary>
    private string Embedded(BoundEmbeddedExpression em)
    {
        var macros = GlobalMacros.For(em.Code, _globals, _frame.ErrorLabel, where: null);
        if (macros.IsEmpty)
        {
            return $"({em.Code})";
        }
        var defines = string.Concat(macros.Defines.Select(d => d + "\n"));
        var undefs = string.Concat(macros.Undefs.Select(u => u + "\n"));
        return $"\n{defines}({em.Code})\n{undefs}";
    }

    /// <summary>The value, or the fallback when evaluating it raised an error (cleared as a catch clears it).</summary>
    private string Caught(BoundCaughtString caught)
    {
        var result = _frame.Id("_r");
        var catchLabel = _frame.Id("catch_");
        var endLabel = _frame.Id("caughtend_");
        _frame.EnterTry(catchLabel);
        var value = Expr(caught.Value);
        _frame.LeaveTry();
        return $"({{ const char *{result}; int {result}_i; {result} = {value}; goto {endLabel}; "
            + $"{catchLabel}: __attribute__((unused)); {BodyFrame.ClearError(result + "_i", _frame.ErrorLabel)} "
            + $"{result} = {CNames.StringLiteral(caught.Fallback)}; {endLabel}: __attribute__((unused)); {result}; }})";
    }

    /// <summary>The C operator of a compound assignment: stap's and C's are spelled alike ("+=" is "+" then "=").</summary>
    private static string CompoundOperator(AssignmentOperator op) => OperatorText.Spelling(op).TrimEnd('=');

    /// <summary>The C computing "old OP value" for a long compound assignment.</summary>
    private string LongCombine(AssignmentOperator op, string old, string value, BoundAssignment a)
    {
        var where = CNames.Where(a.Token, a.TokenSpan);
        return op switch
        {
            AssignmentOperator.Assign => value,
            AssignmentOperator.DivideAssign => $"({{ {DivisionCheck(value, where)} stp_div(c, {old}, {value}, {where}); }})",
            AssignmentOperator.ModuloAssign => $"({{ {DivisionCheck(value, where)} stp_mod(c, {old}, {value}, {where}); }})",
            AssignmentOperator.ShiftLeftAssign => $"(int64_t)((uint64_t){old} << ({value} & 63))",
            AssignmentOperator.ShiftRightAssign => $"({old} >> ({value} & 63))",
            AssignmentOperator.AddAssign or AssignmentOperator.SubtractAssign or AssignmentOperator.MultiplyAssign =>
                $"(int64_t)((uint64_t){old} {CompoundOperator(op)} (uint64_t){value})",
            _ => $"({old} {CompoundOperator(op)} {value})",
        };
    }

    private string DivisionCheck(string divisor, string where) => _frame.Check($"{divisor} == 0", "division by 0", where);

    private string Assignment(BoundAssignment a)
    {
        var isString = a.Target.Type == StapType.String;
        var append = a.Operator == AssignmentOperator.ConcatenateAssign;
        if (a.Target is BoundArrayElement el)
        {
            return isString
                ? Maps.AssignString(el, a.Value, append)
                : Maps.AssignLong(el, a.Value, (old, v) => LongCombine(a.Operator, old, v, a));
        }
        var v = _frame.Id("_v");
        if (a.Target is BoundGlobal counter && _counters.Contains(counter.Variable))
        {
            // Only ever a statement (CounterGlobals): its value is not used.
            var add = a.Operator == AssignmentOperator.SubtractAssign ? "this_cpu_sub" : "this_cpu_add";
            return $"({{ int64_t {v} = {Expr(a.Value)}; {add}(*{CNames.CounterCopies(counter.Variable)}, (u64){v}); (int64_t)0; }})";
        }
        var target = a.Target switch
        {
            BoundLocal lv => $"l->{CNames.Local(lv.Variable)}",
            BoundGlobal g => CNames.Global(g.Variable),
            _ => null,
        };
        if (target is null)
        {
            _frame.Unsupported("assignment target", a.Span);
            return "0";
        }
        if (isString)
        {
            return $"({{ const char *{v} = {Expr(a.Value)}; (const char *){(append ? "stp_strcat" : "stp_strcpy")}({target}, {v}); }})";
        }
        return $"({{ int64_t {v} = {Expr(a.Value)}; {target} = {LongCombine(a.Operator, target, v, a)}; {target}; }})";
    }

    private string Increment(BoundIncrement inc)
    {
        var op = inc.IsIncrement ? "++" : "--";
        string Apply(string target) => inc.IsPrefix ? $"({op}{target})" : $"({target}{op})";
        switch (inc.Target)
        {
            case BoundLocal lv:
                return Apply($"l->{CNames.Local(lv.Variable)}");
            case BoundGlobal g when _counters.Contains(g.Variable):
                return $"({{ {(inc.IsIncrement ? "this_cpu_inc" : "this_cpu_dec")}(*{CNames.CounterCopies(g.Variable)}); (int64_t)0; }})";
            case BoundGlobal g:
                return Apply(CNames.Global(g.Variable));
            case BoundArrayElement el:
                return Maps.Increment(el, Apply);
        }
        _frame.Unsupported("increment target", inc.Span);
        return "0";
    }

    private string Binary(BoundBinary b)
    {
        var where = CNames.Where(b.Token, b.TokenSpan);
        if (b.Operator == BinaryOperator.Concatenate)
        {
            var t = _frame.StringTemp();
            var r = _frame.Id("_r");
            return $"({{ const char *{r}; stp_strcpy({t}, {Expr(b.Left)}); {r} = {Expr(b.Right)}; (const char *)stp_strcat({t}, {r}); }})";
        }
        if (b.Operator is BinaryOperator.LogicalAnd)
        {
            return $"((int64_t)(({Expr(b.Left)}) && ({Expr(b.Right)})))";
        }
        if (b.Operator is BinaryOperator.LogicalOr)
        {
            return $"((int64_t)(({Expr(b.Left)}) || ({Expr(b.Right)})))";
        }
        if (b.Operator is BinaryOperator.Less or BinaryOperator.LessEqual or BinaryOperator.Greater
            or BinaryOperator.GreaterEqual or BinaryOperator.Equal or BinaryOperator.NotEqual)
        {
            // stap's comparisons are C's, spelled alike.
            var cmp = OperatorText.Spelling(b.Operator);
            if (b.Left.Type == StapType.String)
            {
                var x = _frame.Id("_x");
                return $"({{ const char *{x} = {Expr(b.Left)}; (int64_t)(strcmp({x}, {Expr(b.Right)}) {cmp} 0); }})";
            }
            return $"((int64_t)(({Expr(b.Left)}) {cmp} ({Expr(b.Right)})))";
        }
        if (b.Operator is BinaryOperator.RegexMatch or BinaryOperator.RegexNotMatch)
        {
            _frame.Unsupported("regular expression match", b.Span);
            return "0";
        }
        var l = _frame.Id("_l");
        var rr = _frame.Id("_r");
        var body = b.Operator switch
        {
            BinaryOperator.Add => $"(int64_t)((uint64_t){l} + (uint64_t){rr})",
            BinaryOperator.Subtract => $"(int64_t)((uint64_t){l} - (uint64_t){rr})",
            BinaryOperator.Multiply => $"(int64_t)((uint64_t){l} * (uint64_t){rr})",
            BinaryOperator.Divide => $"stp_div(c, {l}, {rr}, {where})",
            BinaryOperator.Modulo => $"stp_mod(c, {l}, {rr}, {where})",
            BinaryOperator.ShiftLeft => $"(int64_t)((uint64_t){l} << ({rr} & 63))",
            BinaryOperator.ShiftRight => $"({l} >> ({rr} & 63))",
            BinaryOperator.UnsignedShiftRight => $"(int64_t)((uint64_t){l} >> ({rr} & 63))",
            BinaryOperator.BitAnd => $"{l} & {rr}",
            BinaryOperator.BitOr => $"{l} | {rr}",
            BinaryOperator.BitXor => $"{l} ^ {rr}",
            _ => "0",
        };
        var check = b.Operator is BinaryOperator.Divide or BinaryOperator.Modulo ? DivisionCheck(rr, where) + " " : "";
        return $"({{ int64_t {l}, {rr}; {l} = {Expr(b.Left)}; {rr} = {Expr(b.Right)}; {check}(int64_t)({body}); }})";
    }
}
