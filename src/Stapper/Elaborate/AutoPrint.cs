using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// stap prints, at the end, each global of the script that is written but never read and used:
/// one synthesized <c>probe end</c> per global, arrays sorted by decreasing value.
/// </summary>
internal static class AutoPrint
{
    private static readonly AggregateOperator[] StatsShown =
        [AggregateOperator.Count, AggregateOperator.Min, AggregateOperator.Max, AggregateOperator.Sum, AggregateOperator.Avg];

    public static List<ProbeDeclaration> Probes(ProgramSymbols symbols)
    {
        var probes = new List<ProbeDeclaration>();
        foreach (var global in symbols.Globals.Values)
        {
            if (global.FromTapset || !global.Written || (global.Read && global.Used) || global.Value.Type == StapType.Unknown)
            {
                continue;
            }
            probes.Add(Display(global));
        }
        return probes;
    }

    private static ProbeDeclaration Display(GlobalSymbol global)
    {
        var span = global.Declaration.Span;
        var name = global.Name;
        Identifier Id(string n) => new(n, span);
        StringLiteral Str(string s) => new(s, span);
        Expression Call(string f, params Expression[] args) => new FunctionCall(f, [.. args], span, span);
        Expression Stat(AggregateOperator op, Expression operand) => new AggregateExpression(op, operand, [], span);

        var format = name;
        var arguments = new List<Expression>();
        Statement body;
        var keys = global.Keys ?? [];
        if (keys.Count > 0)
        {
            var indexes = keys.Select((_, i) => Id("__idx" + i)).ToImmutableArray();
            format += "[" + string.Join(",", keys.Select(k => k.Type == StapType.String ? "\"%#s\"" : "%#d")) + "]";
            arguments.AddRange(indexes);
            var isStats = global.Value.Type == StapType.Stats;
            Expression value = isStats ? new IndexExpression(Id(name), [.. indexes.Cast<Expression?>()], span) : Id("__val");
            format += ValueFormat(global.Value.Type, arguments, value, Stat);
            var print = new ExpressionStatement(Call("printf", [Str(format + "\n"), .. arguments]), span);
            body = new ForeachStatement(indexes, isStats ? null : Id("__val"), Id(name), [], SortDirection.Descending, 0, null, null, print, span);
        }
        else
        {
            format += ValueFormat(global.Value.Type, arguments, Id(name), Stat);
            Statement print = new ExpressionStatement(Call("printf", [Str(format + "\n"), .. arguments]), span);
            if (global.Value.Type == StapType.Stats)
            {
                var empty = new BinaryExpression(BinaryOperator.Equal, Stat(AggregateOperator.Count, Id(name)), new NumberLiteral(0, "0", span), span, span);
                var none = new ExpressionStatement(Call("printf", Str(name + " @count=0x0\n")), span);
                print = new IfStatement(empty, none, print, span);
            }
            body = print;
        }
        var point = new ProbePoint([new ProbePointComponent("end", null, span)], false, false, null, span);
        return new ProbeDeclaration([point], new Block([body], span), span);
    }

    private static string ValueFormat(StapType type, List<Expression> arguments, Expression value, Func<AggregateOperator, Expression, Expression> stat)
    {
        switch (type)
        {
            case StapType.Stats:
                foreach (var op in StatsShown)
                {
                    arguments.Add(stat(op, value));
                }
                return string.Concat(StatsShown.Select(op => " @" + op.ToString().ToLowerInvariant() + "=%#d"));
            case StapType.String:
                arguments.Add(value);
                return "=\"%#s\"";
            default:
                arguments.Add(value);
                return "=%d";
        }
    }
}
