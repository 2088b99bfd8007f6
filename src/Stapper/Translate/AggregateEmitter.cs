using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Translate;

/// <summary>
/// The C of aggregates (stp_pstat.h): <c>&lt;&lt;&lt;</c> adds to this CPU's own statistics,
/// <c>@count</c> and the other extractors and histograms read the CPUs' copies folded into one.
/// </summary>
internal sealed class AggregateEmitter(BodyFrame frame, ExpressionEmitter expressions, MapAccess maps)
{
    /// <summary><c>s &lt;&lt;&lt; v</c> on a stats global or element.</summary>
    public string Add(BoundAssignment a)
    {
        switch (a.Target)
        {
            case BoundGlobal g:
                {
                    var v = frame.Id("_v");
                    return $"({{ int64_t {v} = {expressions.Expr(a.Value)}; {StatAdd(g.Variable, $"stp_pstat_this(&{CNames.Global(g.Variable)})", v)}; }})";
                }
            case BoundArrayElement el:
                return maps.AddToStat(el, a.Value, (stat, v) => StatAdd(el.Array, stat, v));
        }
        frame.Unsupported("aggregate target", a.Span);
        return "0";
    }

    private string StatAdd(GlobalVariable g, string stat, string value)
    {
        var shift = g.Stats?.VarianceShift ?? 0;
        return shift > 0
            ? $"stp_stat_add_shift({stat}, &{CNames.HistDesc(g)}, {value}, {shift})"
            : $"stp_stat_add({stat}, &{CNames.HistDesc(g)}, {value})";
    }

    /// <summary>A <c>const struct stp_stat *</c> expression for a stats operand (NULL if the element is absent).</summary>
    private string StatPointer(BoundVariable operand)
    {
        switch (operand)
        {
            case BoundGlobal g:
                return $"stp_pstat_agg(&{CNames.Global(g.Variable)})";
            case BoundArrayElement el:
                return maps.StatOf(el);
        }
        frame.Unsupported("aggregate operand", operand.Span);
        return "((const struct stp_stat *)NULL)";
    }

    private static GlobalVariable? StatGlobal(BoundVariable v) => v switch
    {
        BoundGlobal g => g.Variable,
        BoundArrayElement e => e.Array,
        _ => null,
    };

    private string EmptyCheck(string s, string where) => frame.Check($"!{s} || {s}->count == 0", "empty aggregate", where);

    /// <summary><c>@count(s)</c> and the other extractors; all but @count and @sum fail on an empty aggregate.</summary>
    public string Value(BoundAggregate ag)
    {
        var s = frame.Id("_s");
        var ptr = StatPointer(ag.Operand);
        var where = CNames.Where(ag.Token, ag.TokenSpan);
        var check = ag.Operator is AggregateOperator.Count or AggregateOperator.Sum ? "" : EmptyCheck(s, where) + " ";
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

    /// <summary>The foreach loops over a scalar's buckets being emitted whose body reads a bucket's count from the
    /// loop's statistics, as stap's does (no empty or range check): the loop, its bucket index, its C statistics.</summary>
    private readonly List<(BoundHistogram Histogram, string Bucket, string? Stat)> _bucketLoops = new();

    private string HistDesc(BoundHistogram h) => StatGlobal(h.Operand) is { } g ? "&" + CNames.HistDesc(g) : "((const struct stp_hist_desc *)NULL)";

    /// <summary>How many buckets the histogram has: 128 for @hist_log, (stop - start) / interval + 3 for @hist_linear.</summary>
    public string BucketCount(BoundHistogram h) => $"stp_hist_nbuckets({HistDesc(h)})";

    /// <summary><c>@hist_log(s)[i]</c> (and <c>i in @hist_log(s)</c>): the index first, then the aggregate, as stap evaluates them.</summary>
    public string Bucket(BoundHistogramBucket b)
    {
        var index = expressions.Expr(b.Index);
        if (b.Index is BoundLocal l && _bucketLoops.FindLast(x => x.Bucket == CNames.Local(l.Variable) && SameHistogram(x.Histogram, b.Histogram)) is { Stat: { } stat })
        {
            return $"({stat}->buckets[{index}])";
        }
        var i = frame.Id("_i");
        var s = frame.Id("_s");
        var r = frame.Id("_r");
        var where = CNames.Where(b.Token, b.TokenSpan);
        var range = frame.Check($"stp_stat_bucket({s}, {HistDesc(b.Histogram)}, {i}, &{r})", "histogram index out of range", where);
        return $"({{ int64_t {i} = {index}; const struct stp_stat *{s} = {StatPointer(b.Histogram.Operand)}; int64_t {r} = 0; "
            + $"{EmptyCheck(s, where)} {range} {r}; }})";
    }

    private static bool SameHistogram(BoundHistogram a, BoundHistogram b) =>
        a.Kind == b.Kind && a.Linear == b.Linear && a.Operand is BoundGlobal x && b.Operand is BoundGlobal y && x.Variable.Name == y.Variable.Name;

    /// <summary>
    /// Opens a foreach over the histogram's buckets: writes what fetches its statistics once (a scalar's folded
    /// copy; a stats element's key, evaluated once) and returns the C of the statistics for an iteration (NULL
    /// for an absent element). The loop's body reads bucket[b] from them when it leaves b alone, as stap's does.
    /// </summary>
    public string OpenBuckets(BoundForeach loop, BoundHistogram h, string bucket)
    {
        var w = frame.Writer;
        var s = frame.Id("_s");
        switch (h.Operand)
        {
            case BoundGlobal g:
                w.Line($"const struct stp_stat *{s} = stp_pstat_agg(&{CNames.Global(g.Variable)});");
                w.Line($"(void){s};");
                _bucketLoops.Add((h, bucket, WritesLocal(loop.Body, bucket) ? null : s));
                return s;
            case BoundArrayElement el:
                {
                    var k = frame.Id("_k");
                    w.Line($"struct stp_key {k};");
                    w.Line($"(void){k};");
                    maps.FillKeys(el.Array, el.Keys.Cast<BoundExpression?>().ToList(), k);
                    _bucketLoops.Add((h, bucket, null));
                    return $"stp_pmap_find(&{CNames.Global(el.Array)}, &{k})";
                }
        }
        frame.Unsupported("aggregate operand", h.Span);
        _bucketLoops.Add((h, bucket, null));
        return "((const struct stp_stat *)NULL)";
    }

    public void CloseBuckets() => _bucketLoops.RemoveAt(_bucketLoops.Count - 1);

    /// <summary>Whether the body assigns the local (by its C name): then stap reads its buckets the checked way.</summary>
    private static bool WritesLocal(BoundStatement body, string local) => BoundWalker.Nodes(body).Any(n => n switch
    {
        BoundAssignment { Target: BoundLocal l } => CNames.Local(l.Variable) == local,
        BoundIncrement { Target: BoundLocal l } => CNames.Local(l.Variable) == local,
        BoundDeleteScalar { Variable: BoundLocal l } => CNames.Local(l.Variable) == local,
        BoundForeach f => f.Keys.Append(f.Value).Any(v => v is not null && CNames.Local(v) == local),
        BoundTry { CatchVariable: { } v } => CNames.Local(v) == local,
        _ => false,
    });

    /// <summary>The statements printing a histogram to <paramref name="target"/>; an empty one is stap's "empty aggregate" error.</summary>
    public string PrintHistogram(string target, BoundHistogram h, string where)
    {
        var g = StatGlobal(h.Operand);
        var s = frame.Id("_s");
        if (g is null)
        {
            return "";
        }
        return $"{{ const struct stp_stat *{s} = {StatPointer(h.Operand)}; {EmptyCheck(s, where)} stp_stat_print_hist({target}, {s}, &{CNames.HistDesc(g)}); }} ";
    }
}
