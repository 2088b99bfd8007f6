using System.Collections.Immutable;
using System.Text;

namespace Stapper.Parse;

/// <summary>Splits a printf format into text and conversions by stap's rules: one flag, width, precision, an optional l.</summary>
internal static class FormatString
{
    private const string Conversions = "diouxXscpbmM";

    /// <summary>The pieces, or null with the offending text when a conversion is unspecified.</summary>
    public static ImmutableArray<FormatPiece>? Parse(string format)
    {
        var pieces = ImmutableArray.CreateBuilder<FormatPiece>();
        var text = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i++];
            if (c != '%')
            {
                text.Append(c);
                continue;
            }
            if (i < format.Length && format[i] == '%')
            {
                text.Append('%');
                i++;
                continue;
            }
            // stap takes one flag at most: in "%+05d" the 0 starts the width.
            var flags = i < format.Length ? format[i] switch
            {
                '-' => FormatFlags.LeftAlign,
                '+' => FormatFlags.Plus,
                ' ' => FormatFlags.Space,
                '0' => FormatFlags.Zero,
                '#' => FormatFlags.Alternate,
                _ => FormatFlags.None,
            } : FormatFlags.None;
            if (flags != FormatFlags.None)
            {
                i++;
            }
            var width = Number(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = Number(format, ref i) ?? 0;
            }
            if (i < format.Length && format[i] == 'l')
            {
                i++;
            }
            if (i >= format.Length || !Conversions.Contains(format[i]))
            {
                return null;
            }
            if (text.Length > 0)
            {
                pieces.Add(new FormatText(text.ToString()));
                text.Clear();
            }
            pieces.Add(new FormatConversion(flags, width, precision, format[i++]));
        }
        if (text.Length > 0)
        {
            pieces.Add(new FormatText(text.ToString()));
        }
        return pieces.ToImmutable();
    }

    private static int? Number(string format, ref int i)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            return -1;
        }
        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }
        return i > start && int.TryParse(format.AsSpan(start, i - start), out var n) ? n : null;
    }
}
