using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;
using Stapper.Translate.Regex;

namespace Stapper.Translate;

/// <summary>
/// Emits the C of one probe or function body. Expressions become C expressions (GNU statement
/// expressions where they need temporaries or can fail: a failure jumps to the current error label);
/// strings live in MAXSTRINGLEN buffers in the frame (locals, parameters, temporaries).
/// The frame is <c>l</c>, the context <c>c</c>.
/// </summary>
internal sealed class BodyEmitter
{
    private readonly CodeWriter _w = new();
    private readonly List<string> _fields = new();
    private readonly Stack<string> _errorLabels = new();
    private readonly DiagnosticBag _diagnostics;
    private readonly ScriptFunction? _function;
    private int _counter;

    private readonly IReadOnlyDictionary<string, GlobalVariable> _globals;

    private readonly RegexTables _regexes;

    public BodyEmitter(DiagnosticBag diagnostics, ScriptFunction? function, IReadOnlyDictionary<string, GlobalVariable> globals, RegexTables regexes)
    {
        _regexes = regexes;
        _globals = globals;
        _diagnostics = diagnostics;
        _function = function;
        _errorLabels.Push("out");
    }

    public IReadOnlyList<string> Fields => _fields;
    public string Code => _w.ToString();

    private string Err => _errorLabels.Peek();

    private string Id(string prefix) => prefix + (_counter++).ToString(CultureInfo.InvariantCulture);

    public void AddField(string declaration) => _fields.Add(declaration);

    public void DeclareLocal(LocalVariable v)
    {
        _fields.Add(v.Type == StapType.String
            ? $"char {CNames.Local(v)}[MAXSTRINGLEN];"
            : $"int64_t {CNames.Local(v)};");
    }

    public void InitLocal(LocalVariable v)
    {
        _w.Line(v.Type == StapType.String ? $"l->{CNames.Local(v)}[0] = 0;" : $"l->{CNames.Local(v)} = 0;");
    }

    public CodeWriter Writer => _w;

    private string StringTemp()
    {
        var name = Id("__t");
        _fields.Add($"char {name}[MAXSTRINGLEN];");
        return "l->" + name;
    }

    private void Unsupported(string what, SourceSpan span)
    {
        _diagnostics.Error("translate.unsupported", "semantic error", $"unsupported in translation: {what}", span);
    }

    // ---------------------------------------------------------------- statements

    private void Action(string where)
    {
        _w.Line($"if (unlikely(--c->actionremaining < 0)) {{ stp_raise(c, \"MAXACTION exceeded\", {where}); goto out; }}");
    }

    /// <summary>stap charges a loop's iteration to its body (a lone statement, else the block's brace).</summary>
    private static string LoopWhere(BoundStatement loop, BoundStatement body) => body switch
    {
        BoundBlock { Statements.Length: 0 } => StatementWhere(loop),
        BoundBlock { Statements.Length: 1 } b => LoopWhere(loop, b.Statements[0]),
        BoundBlock b => CNames.Where("operator '{'", b.Span),
        _ => StatementWhere(body),
    };

    private static string StatementWhere(BoundStatement s) => s switch
    {
        // stap names a statement by its first token ("identifier 'n'" for "n++").
        BoundExpressionStatement e when e.LeadToken.Length > 0 => CNames.Where(e.LeadToken, e.Span),
        BoundExpressionStatement e => CNames.Where(e.Expression.Token, e.Expression.TokenSpan),
        BoundIf => CNames.Where("keyword 'if'", s.Span),
        BoundWhile => CNames.Where("keyword 'while'", s.Span),
        BoundFor => CNames.Where("keyword 'for'", s.Span),
        BoundForeach => CNames.Where("keyword 'foreach'", s.Span),
        BoundReturn => CNames.Where("keyword 'return'", s.Span),
        BoundDeleteArray or BoundDeleteElement or BoundDeleteScalar => CNames.Where("keyword 'delete'", s.Span),
        BoundTry => CNames.Where("keyword 'try'", s.Span),
        BoundNext => CNames.Where("keyword 'next'", s.Span),
        BoundBreak => CNames.Where("keyword 'break'", s.Span),
        BoundContinue => CNames.Where("keyword 'continue'", s.Span),
        _ => CNames.Where("", s.Span),
    };

    /// <summary>Loops around the statement being emitted: stap finds a stray break/continue only here, in pass 3.</summary>
    private int _loops;

    public void Statement(BoundStatement s)
    {
        var loop = s is BoundWhile or BoundFor or BoundForeach;
        _loops += loop ? 1 : 0;
        try
        {
            EmitStatement(s);
        }
        finally
        {
            _loops -= loop ? 1 : 0;
        }
    }

    private void EmitStatement(BoundStatement s)
    {
        if (s is BoundBreak or BoundContinue && _loops == 0)
        {
            _diagnostics.Error("translate.loop-control", "semantic error", $"cannot '{(s is BoundBreak ? "break" : "continue")}' outside loop", s.Span, "keyword");
            return;
        }
        if (s is BoundBlock block)
        {
            _w.Open("{");
            foreach (var x in block.Statements)
            {
                Statement(x);
            }
            _w.Close();
            return;
        }
        Action(StatementWhere(s));
        switch (s)
        {
            case BoundExpressionStatement e:
                _w.Line($"(void)({Expr(e.Expression)});");
                break;
            case BoundIf i:
                _w.Open($"if ({Expr(i.Condition)}) {{");
                Statement(i.Then);
                if (i.Else is not null)
                {
                    _w.Close("} else {");
                    _w.Indent++;
                    Statement(i.Else);
                }
                _w.Close();
                break;
            case BoundWhile wh:
                _w.Open($"while ({Expr(wh.Condition)}) {{");
                Action(LoopWhere(wh, wh.Body));
                Statement(wh.Body);
                _w.Close();
                break;
            case BoundFor f:
                {
                    var init = f.Init is null ? "" : $"(void)({Expr(f.Init)})";
                    var cond = f.Condition is null ? "" : Expr(f.Condition);
                    var incr = f.Increment is null ? "" : $"(void)({Expr(f.Increment)})";
                    _w.Open($"for ({init}; {cond}; {incr}) {{");
                    Action(LoopWhere(f, f.Body));
                    Statement(f.Body);
                    _w.Close();
                    break;
                }
            case BoundForeach fe:
                Foreach(fe);
                break;
            case BoundBreak:
                _w.Line("break;");
                break;
            case BoundContinue:
                _w.Line("continue;");
                break;
            case BoundNext:
                _w.Line("goto out;");
                break;
            case BoundReturn r:
                if (r.Value is not null && _function is not null)
                {
                    _w.Line(_function.ReturnType == StapType.String
                        ? $"stp_strcpy(l->__retvalue, {Expr(r.Value)});"
                        : $"l->__retvalue = {Expr(r.Value)};");
                }
                else if (r.Value is not null)
                {
                    _w.Line($"(void)({Expr(r.Value)});");
                }
                _w.Line("goto out;");
                break;
            case BoundDeleteArray d:
                if (d.Array.IsArray)
                {
                    _w.Line(d.Array.Type == StapType.Stats
                        ? $"stp_pmap_clear(&{CNames.Global(d.Array)});"
                        : $"stp_map_clear(&{CNames.Global(d.Array)});");
                }
                else
                {
                    DeleteScalarGlobal(d.Array);
                }
                break;
            case BoundDeleteElement d:
                DeleteElement(d.Array, d.Keys);
                break;
            case BoundDeleteScalar d:
                switch (d.Variable)
                {
                    case BoundLocal lv:
                        _w.Line(lv.Type == StapType.String ? $"l->{CNames.Local(lv.Variable)}[0] = 0;" : $"l->{CNames.Local(lv.Variable)} = 0;");
                        break;
                    case BoundGlobal g:
                        DeleteScalarGlobal(g.Variable);
                        break;
                    case BoundArrayElement a:
                        DeleteElement(a.Array, a.Keys.Cast<BoundExpression?>().ToImmutableArray());
                        break;
                }
                break;
            case BoundTry t:
                Try(t);
                break;
            default:
                Unsupported(s.GetType().Name, s.Span);
                break;
        }
    }

    private void DeleteScalarGlobal(GlobalVariable g)
    {
        var n = CNames.Global(g);
        _w.Line(g.Type switch
        {
            StapType.String => $"{n}[0] = 0;",
            StapType.Stats => $"stp_pstat_clear(&{n});",
            _ => $"{n} = 0;",
        });
    }

    private void DeleteElement(GlobalVariable g, ImmutableArray<BoundExpression?> keys)
    {
        var map = "&" + CNames.Global(g);
        var k = Id("_k");
        var n = Id("_n");
        _w.Open("{");
        _w.Line($"struct stp_key {k};");
        _w.Line($"struct stp_map_node *{n};");
        var mask = FillKeys(g, keys, k);
        if (g.Type == StapType.Stats)
        {
            _w.Line($"(void){n};");
            _w.Line($"stp_pmap_delete(&{CNames.Global(g)}, &{k}, {mask}u);");
        }
        else if (mask == AllKeys(g))
        {
            _w.Line($"{n} = stp_map_find({map}, &{k});");
            _w.Line($"if ({n}) stp_map_delete_node({map}, {n});");
        }
        else
        {
            _w.Line($"(void){n};");
            _w.Line($"stp_map_delete_slice({map}, &{k}, {mask}u);");
        }
        _w.Close();
    }

    /// <summary>The map an element write goes to: a stats array's is this CPU's own.</summary>
    private static string WriteMap(GlobalVariable g) => g.Type == StapType.Stats
        ? $"stp_pmap_this(&{CNames.Global(g)})"
        : "&" + CNames.Global(g);

    private static uint AllKeys(GlobalVariable g) => (1u << g.KeyTypes.Length) - 1;

    /// <summary>Writes key assignments as statements; returns the mask of keys given (not *).</summary>
    private uint FillKeys(GlobalVariable g, ImmutableArray<BoundExpression?> keys, string k)
    {
        uint mask = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            if (key is null)
            {
                _w.Line(g.KeyTypes[i] == StapType.String ? $"{k}.s[{i}] = \"\";" : $"{k}.n[{i}] = 0;");
                continue;
            }
            mask |= 1u << i;
            _w.Line(g.KeyTypes[i] == StapType.String ? $"{k}.s[{i}] = {Expr(key)};" : $"{k}.n[{i}] = {Expr(key)};");
        }
        return mask;
    }

    /// <summary>Key assignments as an expression list ("a, b, ") for statement expressions.</summary>
    private string KeysInline(GlobalVariable g, IReadOnlyList<BoundExpression?> keys, string k, out uint mask)
    {
        mask = 0;
        var sb = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (key is null)
            {
                sb.Append(g.KeyTypes[i] == StapType.String ? $"{k}.s[{i}] = \"\"; " : $"{k}.n[{i}] = 0; ");
                continue;
            }
            mask |= 1u << i;
            sb.Append(g.KeyTypes[i] == StapType.String ? $"{k}.s[{i}] = {Expr(key)}; " : $"{k}.n[{i}] = {Expr(key)}; ");
        }
        return sb.ToString();
    }

    private void Try(BoundTry t)
    {
        var catchLabel = Id("catch_");
        var endLabel = Id("tryend_");
        _errorLabels.Push(catchLabel);
        Statement(t.Try);
        _errorLabels.Pop();
        _w.Line($"goto {endLabel};");
        _w.Line($"{catchLabel}: __attribute__((unused));");
        _w.Open("{");
        _w.Line("int _i;");
        if (t.CatchVariable is not null)
        {
            _w.Line($"stp_strcpy(l->{CNames.Local(t.CatchVariable)}, c->last_error ? c->last_error : \"\");");
        }
        _w.Line("c->last_error = NULL;");
        _w.Line("for (_i = c->nesting; _i <= MAXNESTING; _i++) c->last_stmt[_i] = NULL;");
        _w.Close();
        Statement(t.Catch);
        _w.Line($"{endLabel}: __attribute__((unused));");
        _w.Line(";");
    }

    private void Foreach(BoundForeach fe)
    {
        var g = fe.Array;
        var map = Id("_m");
        var cnt = Id("_cnt");
        var i = Id("_i");
        var seen = Id("_seen");
        var lim = Id("_lim");
        var n = Id("_n");
        var k = Id("_k");
        var dir = fe.SortDirection switch
        {
            SortDirection.Ascending => 1,
            SortDirection.Descending => -1,
            _ => 0,
        };
        _w.Open("{");
        _w.Line(g.Type == StapType.Stats
            ? $"struct stp_map *{map} = stp_pmap_agg(&{CNames.Global(g)});"
            : $"struct stp_map *{map} = &{CNames.Global(g)};");
        _w.Line($"unsigned {cnt}, {i};");
        _w.Line($"int64_t {seen} = 0, {lim} = -1;");
        _w.Line($"struct stp_key {k};");
        _w.Line($"(void){k}; (void){lim}; (void){seen};");
        uint mask = 0;
        var hasSlice = !fe.Slice.IsDefaultOrEmpty && fe.Slice.Any(x => x is not null);
        if (hasSlice)
        {
            mask = FillKeys(g, fe.Slice, k);
        }
        if (fe.Limit is not null)
        {
            _w.Line($"{lim} = {Expr(fe.Limit)};");
        }
        _w.Line($"{cnt} = stp_map_sort({map}, {fe.SortColumn}, {dir}, {(int)fe.SortAggregate});");
        _w.Open($"for ({i} = 0; {i} < {cnt}; {i}++) {{");
        _w.Line($"struct stp_map_node *{n} = ({map})->sorted[{i}];");
        if (hasSlice)
        {
            _w.Line($"if (!stp_map_match({map}, {n}, &{k}, {mask}u)) continue;");
        }
        if (fe.Limit is not null)
        {
            _w.Line($"if ({lim} >= 0 && {seen} >= {lim}) break;");
        }
        _w.Line($"{seen}++;");
        for (var j = 0; j < fe.Keys.Length && j < g.KeyTypes.Length; j++)
        {
            var kv = fe.Keys[j];
            _w.Line(g.KeyTypes[j] == StapType.String
                ? $"stp_strcpy(l->{CNames.Local(kv)}, stp_node_skey({map}, {n}, {j}));"
                : $"l->{CNames.Local(kv)} = *stp_node_lkey({map}, {n}, {j});");
        }
        if (fe.Value is not null)
        {
            _w.Line(g.Type switch
            {
                StapType.String => $"stp_strcpy(l->{CNames.Local(fe.Value)}, stp_node_str({map}, {n}));",
                StapType.Long => $"l->{CNames.Local(fe.Value)} = *stp_node_long({map}, {n});",
                _ => $"/* stats value */",
            });
        }
        Action(CNames.Where("keyword 'foreach'", fe.Span));
        Statement(fe.Body);
        _w.Close();
        _w.Close();
    }

    // ---------------------------------------------------------------- expressions

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
            case BoundGlobal g:
                return CNames.Global(g.Variable);
            case BoundArrayElement a:
                return ElementRead(a);
            case BoundAssignment a:
                return Assignment(a);
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
                {
                    var k = Id("_k");
                    var keys = KeysInline(i.Array, i.Keys, k, out var mask);
                    var map = "&" + CNames.Global(i.Array);
                    if (i.Array.Type == StapType.Stats)
                    {
                        return $"({{ struct stp_key {k}; {keys}(int64_t)stp_pmap_exists({map}, &{k}, {mask}u); }})";
                    }
                    return mask == AllKeys(i.Array)
                        ? $"({{ struct stp_key {k}; {keys}(int64_t)(stp_map_find({map}, &{k}) != NULL); }})"
                        : $"({{ struct stp_key {k}; {keys}(int64_t)stp_map_exists_slice({map}, &{k}, {mask}u); }})";
                }
            case BoundCall call:
                return Call(call);
            case BoundAggregate ag:
                return Aggregate(ag);
            case BoundPrint p:
                return Print(p);
            case BoundEmbeddedExpression em:
                return $"({em.Code})";
            case BoundHistogram h:
                Unsupported("histogram outside print", h.Span);
                return "0";
            case BoundRegexMatch r:
                return _regexes.Match(r.Pattern, Expr(r.Subject), r.Negated, r.PatternSpan, _diagnostics) ?? "0";
            case BoundTargetValue tv:
                return TargetVariableEmitter.Read(tv, Expr, Err, Id);
            default:
                Unsupported(e.GetType().Name, e.Span);
                return "0";
        }
    }

    private string ElementRead(BoundArrayElement a)
    {
        var g = a.Array;
        var k = Id("_k");
        var n = Id("_n");
        var map = "&" + CNames.Global(g);
        var keys = KeysInline(g, a.Keys.Cast<BoundExpression?>().ToList(), k, out _);
        var value = g.Type == StapType.String
            ? $"({n} ? (const char *)stp_node_str({map}, {n}) : \"\")"
            : $"({n} ? *stp_node_long({map}, {n}) : (int64_t)0)";
        return $"({{ struct stp_key {k}; struct stp_map_node *{n}; {keys}{n} = stp_map_find({map}, &{k}); {value}; }})";
    }

    private static string? CompoundOperator(AssignmentOperator op) => op switch
    {
        AssignmentOperator.AddAssign => "+",
        AssignmentOperator.SubtractAssign => "-",
        AssignmentOperator.MultiplyAssign => "*",
        AssignmentOperator.BitAndAssign => "&",
        AssignmentOperator.BitOrAssign => "|",
        AssignmentOperator.BitXorAssign => "^",
        _ => null,
    };

    /// <summary>The C computing "old OP value" for a long compound assignment.</summary>
    private string LongCombine(AssignmentOperator op, string old, string value, BoundAssignment a)
    {
        var where = CNames.Where(a.Token, a.TokenSpan);
        return op switch
        {
            AssignmentOperator.Assign => value,
            AssignmentOperator.DivideAssign => $"({{ if (unlikely({value} == 0)) {{ stp_raise(c, \"division by 0\", {where}); goto {Err}; }} stp_div(c, {old}, {value}, {where}); }})",
            AssignmentOperator.ModuloAssign => $"({{ if (unlikely({value} == 0)) {{ stp_raise(c, \"division by 0\", {where}); goto {Err}; }} stp_mod(c, {old}, {value}, {where}); }})",
            AssignmentOperator.ShiftLeftAssign => $"(int64_t)((uint64_t){old} << ({value} & 63))",
            AssignmentOperator.ShiftRightAssign => $"({old} >> ({value} & 63))",
            AssignmentOperator.AddAssign or AssignmentOperator.SubtractAssign or AssignmentOperator.MultiplyAssign =>
                $"(int64_t)((uint64_t){old} {CompoundOperator(op)} (uint64_t){value})",
            _ => $"({old} {CompoundOperator(op)} {value})",
        };
    }

    private string Assignment(BoundAssignment a)
    {
        if (a.Operator == AssignmentOperator.Aggregate)
        {
            return AggregateAdd(a);
        }
        var v = Id("_v");
        var isString = a.Target.Type == StapType.String;
        switch (a.Target)
        {
            case BoundLocal or BoundGlobal:
                {
                    var target = a.Target is BoundLocal lv ? $"l->{CNames.Local(lv.Variable)}" : CNames.Global(((BoundGlobal)a.Target).Variable);
                    if (isString)
                    {
                        if (a.Operator == AssignmentOperator.ConcatenateAssign)
                        {
                            return $"({{ const char *{v} = {Expr(a.Value)}; (const char *)stp_strcat({target}, {v}); }})";
                        }
                        return $"({{ const char *{v} = {Expr(a.Value)}; (const char *)stp_strcpy({target}, {v}); }})";
                    }
                    return $"({{ int64_t {v} = {Expr(a.Value)}; {target} = {LongCombine(a.Operator, target, v, a)}; {target}; }})";
                }
            case BoundArrayElement el:
                {
                    var n = Id("_n");
                    var map = "&" + CNames.Global(el.Array);
                    var k = Id("_k");
                    if (isString)
                    {
                        var pre = ElementNodeWithKey(el, n, k, $"{v} = {Expr(a.Value)}; ");
                        var op = a.Operator == AssignmentOperator.ConcatenateAssign ? "stp_strcat" : "stp_strcpy";
                        return $"({{ struct stp_key {k}; struct stp_map_node *{n}; const char *{v}; {pre}(const char *){op}(stp_node_str({map}, {n}), {v}); }})";
                    }
                    else
                    {
                        var pre = ElementNodeWithKey(el, n, k, $"{v} = {Expr(a.Value)}; ");
                        var p = $"(*stp_node_long({map}, {n}))";
                        return $"({{ struct stp_key {k}; struct stp_map_node *{n}; int64_t {v}; {pre}{p} = {LongCombine(a.Operator, p, v, a)}; {p}; }})";
                    }
                }
        }
        Unsupported("assignment target", a.Span);
        return "0";
    }

    private string ElementNodeWithKey(BoundArrayElement a, string n, string k, string preValue)
    {
        var g = a.Array;
        var map = WriteMap(g);
        var keys = KeysInline(g, a.Keys.Cast<BoundExpression?>().ToList(), k, out _);
        var limit = g.MaxEntries > 0 ? $"size limit ({g.MaxEntries.ToString(CultureInfo.InvariantCulture)})" : "MAXMAPENTRIES";
        return $"{keys}{preValue}{n} = stp_map_get({map}, &{k}); " +
               $"if (unlikely(!{n})) {{ stp_raise(c, \"Array overflow, check {limit}\", {CNames.Where(a.Token, a.TokenSpan)}); goto {Err}; }} ";
    }

    private string AggregateAdd(BoundAssignment a)
    {
        var v = Id("_v");
        switch (a.Target)
        {
            case BoundGlobal g:
                return $"({{ int64_t {v} = {Expr(a.Value)}; {StatAdd(g.Variable, $"stp_pstat_this(&{CNames.Global(g.Variable)})", v)}; }})";
            case BoundArrayElement el:
                {
                    var n = Id("_n");
                    var k = Id("_k");
                    var map = WriteMap(el.Array);
                    var pre = ElementNodeWithKey(el, n, k, $"{v} = {Expr(a.Value)}; ");
                    return $"({{ struct stp_key {k}; struct stp_map_node *{n}; int64_t {v}; {pre}{StatAdd(el.Array, $"stp_node_stat({map}, {n})", v)}; }})";
                }
        }
        Unsupported("aggregate target", a.Span);
        return "0";
    }

    private string StatAdd(GlobalVariable g, string stat, string value)
    {
        var shift = (_globals.TryGetValue(g.Name, out var canon) ? canon.Stats?.VarianceShift : g.Stats?.VarianceShift) ?? 0;
        return shift > 0
            ? $"stp_stat_add_shift({stat}, &{CNames.HistDesc(g)}, {value}, {shift})"
            : $"stp_stat_add({stat}, &{CNames.HistDesc(g)}, {value})";
    }

    private string Increment(BoundIncrement inc)
    {
        var op = inc.IsIncrement ? "++" : "--";
        string Apply(string target) => inc.IsPrefix ? $"({op}{target})" : $"({target}{op})";
        switch (inc.Target)
        {
            case BoundLocal lv:
                return Apply($"l->{CNames.Local(lv.Variable)}");
            case BoundGlobal g:
                return Apply(CNames.Global(g.Variable));
            case BoundArrayElement el:
                {
                    var n = Id("_n");
                    var k = Id("_k");
                    var map = "&" + CNames.Global(el.Array);
                    var pre = ElementNodeWithKey(el, n, k, "");
                    return $"({{ struct stp_key {k}; struct stp_map_node *{n}; {pre}{Apply($"(*stp_node_long({map}, {n}))")}; }})";
                }
        }
        Unsupported("increment target", inc.Span);
        return "0";
    }

    private string Binary(BoundBinary b)
    {
        var where = CNames.Where(b.Token, b.TokenSpan);
        if (b.Operator == BinaryOperator.Concatenate)
        {
            var t = StringTemp();
            var r = Id("_r");
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
        var cmp = b.Operator switch
        {
            BinaryOperator.Less => "<",
            BinaryOperator.LessEqual => "<=",
            BinaryOperator.Greater => ">",
            BinaryOperator.GreaterEqual => ">=",
            BinaryOperator.Equal => "==",
            BinaryOperator.NotEqual => "!=",
            _ => null,
        };
        if (cmp is not null)
        {
            if (b.Left.Type == StapType.String)
            {
                var x = Id("_x");
                return $"({{ const char *{x} = {Expr(b.Left)}; (int64_t)(strcmp({x}, {Expr(b.Right)}) {cmp} 0); }})";
            }
            return $"((int64_t)(({Expr(b.Left)}) {cmp} ({Expr(b.Right)})))";
        }
        if (b.Operator is BinaryOperator.RegexMatch or BinaryOperator.RegexNotMatch)
        {
            Unsupported("regular expression match", b.Span);
            return "0";
        }
        var l = Id("_l");
        var rr = Id("_r");
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
        var check = b.Operator is BinaryOperator.Divide or BinaryOperator.Modulo
            ? $"if (unlikely({rr} == 0)) {{ stp_raise(c, \"division by 0\", {where}); goto {Err}; }} "
            : "";
        return $"({{ int64_t {l}, {rr}; {l} = {Expr(b.Left)}; {rr} = {Expr(b.Right)}; {check}(int64_t)({body}); }})";
    }

    private string Call(BoundCall call)
    {
        var f = call.Function;
        var where = CNames.Where(call.Token.Length > 0 ? call.Token : $"identifier '{f.Name}'", call.TokenSpan);
        var sb = new StringBuilder("({ ");
        var frame = Id("_f");
        var argNames = new List<string>();
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            var a = Id("_a");
            argNames.Add(a);
            sb.Append(call.Arguments[i].Type == StapType.String ? $"const char *{a}; " : $"int64_t {a}; ");
        }
        sb.Append($"struct {CNames.FunctionFrame(f)} *{frame}; ");
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            sb.Append($"{argNames[i]} = {Expr(call.Arguments[i])}; ");
        }
        // stap 4.8 checks the depth in the callee's prologue: the error names the declaration.
        sb.Append($"if (unlikely(c->nesting >= MAXNESTING)) {{ stp_raise(c, \"MAXNESTING exceeded\", {CNames.Where($"identifier '{f.Name}'", f.NameSpan)}); goto {Err}; }} ");
        sb.Append($"{frame} = &c->locals[c->nesting + 1].{CNames.FunctionUnionMember(f)}; ");
        for (var i = 0; i < call.Arguments.Length && i < f.Parameters.Length; i++)
        {
            var p = f.Parameters[i];
            sb.Append(p.Type == StapType.String
                ? $"stp_strcpy({frame}->{CNames.Local(p)}, {argNames[i]}); "
                : $"{frame}->{CNames.Local(p)} = {argNames[i]}; ");
        }
        sb.Append($"c->last_stmt[c->nesting] = {where}; c->last_stmt[c->nesting + 1] = NULL; ");
        sb.Append($"c->nesting++; {CNames.Function(f)}(c); c->nesting--; ");
        sb.Append($"if (unlikely(c->last_error)) goto {Err}; ");
        switch (f.ReturnType)
        {
            case StapType.String:
                {
                    var t = StringTemp();
                    sb.Append($"(const char *)stp_strcpy({t}, {frame}->__retvalue); ");
                    break;
                }
            case StapType.Long:
                sb.Append($"{frame}->__retvalue; ");
                break;
            default:
                sb.Append($"(void){frame}; ");
                break;
        }
        sb.Append("})");
        return sb.ToString();
    }

    /// <summary>A const struct stp_stat * expression for a stats operand (NULL if the element is absent).</summary>
    private string StatPointer(BoundVariable operand)
    {
        switch (operand)
        {
            case BoundGlobal g:
                return $"stp_pstat_agg(&{CNames.Global(g.Variable)})";
            case BoundArrayElement el:
                {
                    var k = Id("_k");
                    var keys = KeysInline(el.Array, el.Keys.Cast<BoundExpression?>().ToList(), k, out _);
                    return $"({{ struct stp_key {k}; {keys}stp_pmap_find(&{CNames.Global(el.Array)}, &{k}); }})";
                }
        }
        Unsupported("aggregate operand", operand.Span);
        return "((const struct stp_stat *)NULL)";
    }

    private static GlobalVariable? StatGlobal(BoundVariable v) => v switch
    {
        BoundGlobal g => g.Variable,
        BoundArrayElement e => e.Array,
        _ => null,
    };

    private string Aggregate(BoundAggregate ag)
    {
        var s = Id("_s");
        var ptr = StatPointer(ag.Operand);
        var where = CNames.Where(ag.Token, ag.TokenSpan);
        var empty = $"if (unlikely(!{s} || {s}->count == 0)) {{ stp_raise(c, \"empty aggregate\", {where}); goto {Err}; }} ";
        var check = ag.Operator is AggregateOperator.Count or AggregateOperator.Sum ? "" : empty;
        var value = ag.Operator switch
        {
            AggregateOperator.Count => $"({s} ? {s}->count : 0)",
            AggregateOperator.Sum => $"({s} ? {s}->sum : 0)",
            AggregateOperator.Min => $"{s}->min",
            AggregateOperator.Max => $"{s}->max",
            AggregateOperator.Avg => $"stp_stat_avg({s})",
            _ => StatGlobal(ag.Operand) is { } sg ? $"stp_stat_variance({s}, &{CNames.HistDesc(sg)})" : "0",
        };
        return $"({{ const struct stp_stat *{s} = {ptr}; {check}(int64_t)({value}); }})";
    }

    // ---------------------------------------------------------------- printing

    private string Print(BoundPrint p)
    {
        var toString = p.Kind is PrintKind.Sprint or PrintKind.Sprintln or PrintKind.Sprintd or PrintKind.Sprintf;
        var sb = new StringBuilder("({ ");
        var buf = Id("_b");
        var args = new List<(string Name, BoundExpression Expr)>();
        string? delim = null;
        if (p.Delimiter is not null)
        {
            delim = Id("_d");
            sb.Append($"const char *{delim}; ");
        }
        foreach (var a in p.Arguments)
        {
            if (a is BoundHistogram)
            {
                args.Add(("", a));
                continue;
            }
            var name = Id("_a");
            args.Add((name, a));
            sb.Append(a.Type == StapType.String ? $"const char *{name}; " : $"int64_t {name}; ");
        }
        string target;
        string? storage = null;
        if (toString)
        {
            storage = StringTemp();
            sb.Append($"struct stp_buf {buf}; ");
            target = "&" + buf;
        }
        else
        {
            target = "&c->print";
        }
        if (delim is not null)
        {
            sb.Append($"{delim} = {Expr(p.Delimiter!)}; ");
        }
        foreach (var (name, a) in args)
        {
            if (name.Length > 0)
            {
                sb.Append($"{name} = {Expr(a)}; ");
            }
        }
        if (toString)
        {
            sb.Append($"stp_buf_init(&{buf}, {storage}, MAXSTRINGLEN); ");
        }
        else
        {
            sb.Append("stp_print_reserve(c); ");
        }
        switch (p.Kind)
        {
            case PrintKind.Printf or PrintKind.Sprintf:
                PrintFormat(sb, target, p.Format, args, p.Span, CNames.Where(p.Token, p.TokenSpan));
                break;
            default:
                {
                    var withDelim = p.Kind is PrintKind.Printd or PrintKind.Printdln or PrintKind.Sprintd;
                    var first = true;
                    foreach (var (name, a) in args)
                    {
                        if (!first && withDelim && delim is not null)
                        {
                            sb.Append($"stp_buf_puts({target}, {delim}); ");
                        }
                        first = false;
                        PrintValue(sb, target, name, a, CNames.Where(p.Token, p.TokenSpan));
                    }
                    if (p.Kind is PrintKind.Println or PrintKind.Printdln or PrintKind.Sprintln)
                    {
                        sb.Append($"stp_buf_putc({target}, '\\n'); ");
                    }
                    break;
                }
        }
        sb.Append(toString ? $"(const char *){storage}; }})" : "(void)0; })");
        return sb.ToString();
    }

    /// <summary>One value of a print; an empty histogram is stap's "empty aggregate" error at the print.</summary>
    private void PrintValue(StringBuilder sb, string target, string name, BoundExpression a, string where)
    {
        if (a is BoundHistogram h)
        {
            var g = StatGlobal(h.Operand);
            var s = Id("_s");
            if (g is null)
            {
                return;
            }
            sb.Append($"{{ const struct stp_stat *{s} = {StatPointer(h.Operand)}; ");
            sb.Append($"if (unlikely(!{s} || {s}->count == 0)) {{ stp_raise(c, \"empty aggregate\", {where}); goto {Err}; }} ");
            sb.Append($"stp_stat_print_hist({target}, {s}, &{CNames.HistDesc(g)}); }} ");
            return;
        }
        sb.Append(a.Type == StapType.String
            ? $"stp_buf_puts({target}, {name}); "
            : $"stp_format_long({target}, {name}, 0, -1, -1, 'd'); ");
    }

    private void PrintFormat(StringBuilder sb, string target, ImmutableArray<FormatPiece> pieces, List<(string Name, BoundExpression Expr)> args, SourceSpan span, string where)
    {
        var next = 0;
        string NextArg()
        {
            if (next < args.Count)
            {
                return args[next++].Name;
            }
            Unsupported("printf argument count", span);
            return "0";
        }
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case FormatText t:
                    if (t.Text.Length > 0)
                    {
                        var bytes = Encoding.UTF8.GetByteCount(t.Text);
                        sb.Append($"stp_buf_write({target}, {CNames.StringLiteral(t.Text)}, {bytes}); ");
                    }
                    break;
                case FormatConversion fc:
                    {
                        var width = fc.Width switch { null => "-1", -1 => $"(int){NextArg()}", var w => w.Value.ToString(CultureInfo.InvariantCulture) };
                        var prec = fc.Precision switch { null => "-1", -1 => $"(int){NextArg()}", var w => w.Value.ToString(CultureInfo.InvariantCulture) };
                        var flags = ((int)fc.Flags).ToString(CultureInfo.InvariantCulture);
                        var idx = next;
                        var arg = NextArg();
                        var argExpr = idx < args.Count ? args[idx].Expr : null;
                        if (argExpr is BoundHistogram)
                        {
                            PrintValue(sb, target, "", argExpr, where);
                        }
                        else if (fc.Conversion == 's')
                        {
                            sb.Append(argExpr?.Type == StapType.Long
                                ? $"stp_format_long({target}, {arg}, {flags}, {width}, {prec}, 'd'); "
                                : $"stp_format_string({target}, {arg}, {flags}, {width}, {prec}); ");
                        }
                        else if (fc.Conversion is 'm' or 'M')
                        {
                            sb.Append($"(void)stp_format_memory({target}, {arg}, {flags}, {width}, {prec}, '{fc.Conversion}'); ");
                        }
                        else
                        {
                            sb.Append($"stp_format_long({target}, {arg}, {flags}, {width}, {prec}, '{fc.Conversion}'); ");
                        }
                        break;
                    }
            }
        }
    }
}
