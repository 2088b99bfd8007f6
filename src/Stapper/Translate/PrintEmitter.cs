using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Translate;

/// <summary>
/// The C of print, println, printd, printf and their sprint forms: the arguments are evaluated first,
/// then written with the runtime's formatters (stp_format.h) to the context's print buffer or, for
/// the sprint forms, to a string buffer in the frame.
/// </summary>
internal sealed class PrintEmitter(BodyFrame frame, ExpressionEmitter expressions, AggregateEmitter aggregates)
{
    /// <summary>An argument as the print evaluated it: its C variable (empty for a histogram, printed in place).</summary>
    private readonly record struct Argument(string Name, BoundExpression Expr);

    public string Print(BoundPrint p)
    {
        var toString = p.Kind is PrintKind.Sprint or PrintKind.Sprintln or PrintKind.Sprintd or PrintKind.Sprintdln or PrintKind.Sprintf;
        var sb = new StringBuilder("({ ");
        var buf = frame.Id("_b");
        var args = new List<Argument>();
        string? delim = null;
        if (p.Delimiter is not null)
        {
            delim = frame.Id("_d");
            sb.Append($"const char *{delim}; ");
        }
        foreach (var a in p.Arguments)
        {
            if (a is BoundHistogram)
            {
                args.Add(new("", a));
                continue;
            }
            var name = frame.Id("_a");
            args.Add(new(name, a));
            sb.Append(a.Type == StapType.String ? $"const char *{name}; " : $"int64_t {name}; ");
        }
        string target;
        string? storage = null;
        if (toString)
        {
            storage = frame.StringTemp();
            sb.Append($"struct stp_buf {buf}; ");
            target = "&" + buf;
        }
        else
        {
            target = "&c->print";
        }
        if (delim is not null)
        {
            sb.Append($"{delim} = {expressions.Expr(p.Delimiter!)}; ");
        }
        foreach (var (name, a) in args)
        {
            if (name.Length > 0)
            {
                sb.Append($"{name} = {expressions.Expr(a)}; ");
            }
        }
        sb.Append(toString ? $"stp_buf_init(&{buf}, {storage}, MAXSTRINGLEN); " : "stp_print_reserve(c); ");
        var where = CNames.Where(p.Token, p.TokenSpan);
        if (p.Kind is PrintKind.Printf or PrintKind.Sprintf)
        {
            PrintFormat(sb, target, p.Format, args, p.Span, where);
        }
        else
        {
            var withDelim = p.Kind is PrintKind.Printd or PrintKind.Printdln or PrintKind.Sprintd or PrintKind.Sprintdln;
            var first = true;
            foreach (var (name, a) in args)
            {
                if (!first && withDelim && delim is not null)
                {
                    sb.Append($"stp_buf_puts({target}, {delim}); ");
                }
                first = false;
                sb.Append(Value(target, name, a, where));
            }
            if (p.Kind is PrintKind.Println or PrintKind.Printdln or PrintKind.Sprintln or PrintKind.Sprintdln)
            {
                sb.Append($"stp_buf_putc({target}, '\\n'); ");
            }
        }
        sb.Append(toString ? $"(const char *){storage}; }})" : "(void)0; })");
        return sb.ToString();
    }

    /// <summary>One value of a print, as print and println write it.</summary>
    private string Value(string target, string name, BoundExpression a, string where) => a switch
    {
        BoundHistogram h => aggregates.PrintHistogram(target, h, where),
        { Type: StapType.String } => $"stp_buf_puts({target}, {name}); ",
        _ => $"stp_format_long({target}, {name}, 0, -1, -1, 'd'); ",
    };

    private void PrintFormat(StringBuilder sb, string target, ImmutableArray<FormatPiece> pieces, List<Argument> args, SourceSpan span, string where)
    {
        var next = 0;
        string NextArg()
        {
            if (next < args.Count)
            {
                return args[next++].Name;
            }
            frame.Unsupported("printf argument count", span);
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
                        if (argExpr is BoundHistogram h)
                        {
                            sb.Append(aggregates.PrintHistogram(target, h, where));
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
