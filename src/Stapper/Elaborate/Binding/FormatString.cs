using System.Collections.Immutable;
using System.Text;

namespace Stapper.Elaborate.Binding;

/// <summary>Splits a printf format into text and conversions, as stap's print_format does.</summary>
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
            var flags = FormatFlags.None;
            for (; i < format.Length; i++)
            {
                var flag = format[i] switch
                {
                    '-' => FormatFlags.LeftAlign,
                    '+' => FormatFlags.Plus,
                    ' ' => FormatFlags.Space,
                    '0' => FormatFlags.Zero,
                    '#' => FormatFlags.Alternate,
                    _ => FormatFlags.None,
                };
                if (flag == FormatFlags.None)
                {
                    break;
                }
                flags |= flag;
            }
            var width = Number(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = Number(format, ref i) ?? 0;
            }
            while (i < format.Length && "hlLjzt".Contains(format[i]))
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
