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
