using System.Collections.Immutable;
using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Translate;

/// <summary>
/// The C statements of a bound statement, written to the frame's writer. Every statement and loop
/// iteration first charges stap's MAXACTION budget, naming the statement as stap does; in a body whose charges
/// are bounded (<paramref name="actions"/>, <see cref="ActionBudget"/>) the charge folds away in C when the bound fits.
/// </summary>
internal sealed class StatementEmitter(BodyFrame frame, ExpressionEmitter expressions, ScriptFunction? function, int? actions)
{
    /// <summary>Loops around the statement being emitted: stap finds a stray break/continue only here, in pass 3.</summary>
    private int _loops;

    private CodeWriter W => frame.Writer;

    private string Expr(BoundExpression e) => expressions.Expr(e);

    private void Action(string where)
    {
        if (frame.ContextFree)
        {
            return;
        }
        var charge = "--c->actionremaining < 0";
        W.Line(frame.Check(actions is int n ? $"!STP_ACTIONS_BOUNDED({n}) && {charge}" : charge, "MAXACTION exceeded", where, "out"));
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

    public void Statement(BoundStatement s)
    {
        var loop = s is BoundWhile or BoundFor or BoundForeach;
        _loops += loop ? 1 : 0;
        try
        {
            Emit(s);
        }
        finally
        {
            _loops -= loop ? 1 : 0;
        }
    }

    private void Emit(BoundStatement s)
    {
        if (s is BoundBreak or BoundContinue && _loops == 0)
        {
            frame.Diagnostics.Error("translate.loop-control", "semantic error", $"cannot '{(s is BoundBreak ? "break" : "continue")}' outside loop", s.Span, "keyword");
            return;
        }
        if (s is BoundBlock block)
        {
            W.Open("{");
            foreach (var x in block.Statements)
            {
                Statement(x);
            }
            W.Close();
            return;
        }
        Action(StatementWhere(s));
        switch (s)
        {
            case BoundExpressionStatement e:
                W.Line($"(void)({Expr(e.Expression)});");
                break;
            case BoundIf i:
                W.Open($"if ({Expr(i.Condition)}) {{");
                Statement(i.Then);
                if (i.Else is not null)
                {
                    W.Close("} else {");
                    W.Indent++;
                    Statement(i.Else);
                }
                W.Close();
                break;
            case BoundWhile wh:
                Loop($"while ({Expr(wh.Condition)}) {{", wh, wh.Body);
                break;
            case BoundFor f:
                {
                    var init = f.Init is null ? "" : $"(void)({Expr(f.Init)})";
                    var cond = f.Condition is null ? "" : Expr(f.Condition);
                    var incr = f.Increment is null ? "" : $"(void)({Expr(f.Increment)})";
                    Loop($"for ({init}; {cond}; {incr}) {{", f, f.Body);
                    break;
                }
            case BoundForeach { Histogram: { } h } fe:
                ForeachBuckets(fe, h);
                break;
            case BoundForeach fe:
                Foreach(fe);
                break;
            case BoundBreak:
                W.Line("break;");
                break;
            case BoundContinue:
                W.Line("continue;");
                break;
            case BoundNext:
                W.Line("goto out;");
                break;
            case BoundReturn r:
                Return(r);
                break;
            case BoundDeleteArray d:
                if (d.Array.IsArray)
                {
                    W.Line(MapAccess.Clear(d.Array));
                }
                else
                {
                    DeleteScalarGlobal(d.Array);
                }
                break;
            case BoundDeleteElement d:
                expressions.Maps.Delete(d.Array, d.Keys);
                break;
            case BoundDeleteScalar d:
                switch (d.Variable)
                {
                    case BoundLocal lv:
                        W.Line(FrameSlot.Zero(CNames.Local(lv.Variable), lv.Type));
                        break;
                    case BoundGlobal g:
                        DeleteScalarGlobal(g.Variable);
                        break;
                    case BoundArrayElement a:
                        expressions.Maps.Delete(a.Array, a.Keys.Cast<BoundExpression?>().ToImmutableArray());
                        break;
                }
                break;
            case BoundTry t:
                Try(t);
                break;
            default:
                frame.Unsupported(s.GetType().Name, s.Span);
                break;
        }
    }

    /// <summary>A while or for loop: each iteration is charged before its body runs.</summary>
    private void Loop(string header, BoundStatement loop, BoundStatement body)
    {
        W.Open(header);
        Action(LoopWhere(loop, body));
        Statement(body);
        W.Close();
    }

    private void Return(BoundReturn r)
    {
        if (r.Value is not null && function is not null)
        {
            W.Line(function.ReturnType == StapType.String
                ? $"stp_strcpy(l->__retvalue, {Expr(r.Value)});"
                : $"l->__retvalue = {Expr(r.Value)};");
        }
        else if (r.Value is not null)
        {
            W.Line($"(void)({Expr(r.Value)});");
        }
        W.Line("goto out;");
    }

    private void DeleteScalarGlobal(GlobalVariable g)
    {
        var n = CNames.Global(g);
        W.Line(g.Type switch
        {
            StapType.String => $"{n}[0] = 0;",
            StapType.Stats => $"stp_pstat_clear(&{n});",
            _ => $"{n} = 0;",
        });
    }

    private void Try(BoundTry t)
    {
        var catchLabel = frame.Id("catch_");
        var endLabel = frame.Id("tryend_");
        frame.EnterTry(catchLabel);
        Statement(t.Try);
        frame.LeaveTry();
        W.Line($"goto {endLabel};");
        W.Line($"{catchLabel}: __attribute__((unused));");
        W.Open("{");
        W.Line("int _i;");
        if (t.CatchVariable is not null)
        {
            W.Line($"stp_strcpy(l->{CNames.Local(t.CatchVariable)}, c->last_error ? c->last_error : \"\");");
        }
        W.Line(BodyFrame.ClearError("_i", frame.ErrorLabel));
        W.Close();
        Statement(t.Catch);
        W.Line($"{endLabel}: __attribute__((unused));");
        W.Line(";");
    }

    /// <summary>foreach over a histogram's buckets: b from 0 up to the bucket count, the limit checked first (stap's loop).</summary>
    private void ForeachBuckets(BoundForeach fe, BoundHistogram h)
    {
        var aggregates = expressions.Aggregates;
        var lim = frame.Id("_lim");
        var seen = frame.Id("_seen");
        var b = "l->" + CNames.Local(fe.Keys[0]);
        W.Open("{");
        W.Line($"int64_t {lim} = 0, {seen} = 0;");
        W.Line($"(void){lim}; (void){seen};");
        if (fe.Limit is not null)
        {
            W.Line($"{lim} = {Expr(fe.Limit)};");
        }
        var stat = aggregates.OpenBuckets(fe, h, CNames.Local(fe.Keys[0]));
        W.Open($"for ({b} = 0; {b} < {aggregates.BucketCount(h)}; {b}++) {{");
        if (fe.Limit is not null)
        {
            W.Line($"if ({seen}++ >= {lim}) break;");
        }
        if (fe.Value is not null)
        {
            var s = frame.Id("_s");
            W.Line($"{{ const struct stp_stat *{s} = {stat}; l->{CNames.Local(fe.Value)} = {s} ? {s}->buckets[{b}] : 0; }}");
        }
        Action(CNames.Where("keyword 'foreach'", fe.Span));
        Statement(fe.Body);
        W.Close();
        aggregates.CloseBuckets();
        W.Close();
    }

    /// <summary>foreach over the map's nodes sorted by the runtime (stp_map_sort), filtered by a slice and a limit.</summary>
    private void Foreach(BoundForeach fe)
    {
        var g = fe.Array;
        var map = frame.Id("_m");
        var cnt = frame.Id("_cnt");
        var i = frame.Id("_i");
        var seen = frame.Id("_seen");
        var lim = frame.Id("_lim");
        var n = frame.Id("_n");
        var k = frame.Id("_k");
        var dir = fe.SortDirection switch
        {
            SortDirection.Ascending => 1,
            SortDirection.Descending => -1,
            _ => 0,
        };
        W.Open("{");
        W.Line($"struct stp_map *{map} = {MapAccess.Iterated(g)};");
        W.Line($"unsigned {cnt}, {i};");
        W.Line($"int64_t {seen} = 0, {lim} = -1;");
        W.Line($"struct stp_key {k};");
        W.Line($"(void){k}; (void){lim}; (void){seen};");
        uint mask = 0;
        var hasSlice = !fe.Slice.IsDefaultOrEmpty && fe.Slice.Any(x => x is not null);
        if (hasSlice)
        {
            mask = expressions.Maps.FillKeys(g, fe.Slice, k);
        }
        if (fe.Limit is not null)
        {
            W.Line($"{lim} = {Expr(fe.Limit)};");
        }
        W.Line($"{cnt} = stp_map_sort({map}, {fe.SortColumn}, {dir}, {(int)fe.SortAggregate});");
        W.Open($"for ({i} = 0; {i} < {cnt}; {i}++) {{");
        W.Line($"struct stp_map_node *{n} = ({map})->sorted[{i}];");
        if (hasSlice)
        {
            W.Line($"if (!stp_map_match({map}, {n}, &{k}, {mask}u)) continue;");
        }
        if (fe.Limit is not null)
        {
            W.Line($"if ({lim} >= 0 && {seen} >= {lim}) break;");
        }
        W.Line($"{seen}++;");
        for (var j = 0; j < fe.Keys.Length && j < g.KeyTypes.Length; j++)
        {
            var kv = fe.Keys[j];
            W.Line(g.KeyTypes[j] == StapType.String
                ? $"stp_strcpy(l->{CNames.Local(kv)}, stp_node_skey({map}, {n}, {j}));"
                : $"l->{CNames.Local(kv)} = *stp_node_lkey({map}, {n}, {j});");
        }
        if (fe.Value is not null)
        {
            W.Line(g.Type switch
            {
                StapType.String => $"stp_strcpy(l->{CNames.Local(fe.Value)}, stp_node_str({map}, {n}));",
                StapType.Long => $"l->{CNames.Local(fe.Value)} = *stp_node_long({map}, {n});",
                _ => $"/* stats value */",
            });
        }
        Action(CNames.Where("keyword 'foreach'", fe.Span));
        Statement(fe.Body);
        W.Close();
        W.Close();
    }
}
