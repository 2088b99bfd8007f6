using Pidgin;
using P = Pidgin.Parser;
using PC = Pidgin.Parser<char>;

namespace Stapper.Parse.Lexing;

/// <summary>
/// Reads a number token the way stap's <c>strtoull(s, 0)</c> does: <c>0x</c> hex, leading-zero
/// octal, or decimal; the whole token must be digits of its base and fit in 64 bits.
/// </summary>
internal static class NumberText
{
    private static readonly Pidgin.Parser<char, (int Base, string Digits)> Form =
        P.OneOf(
            P.Try(P.Char('0').Then(P.CIChar('x')).Then(PC.Token(c => Uri.IsHexDigit(c)).AtLeastOnceString()).Select(d => (16, d))),
            P.Char('0').Then(PC.Token(c => c is >= '0' and <= '7').ManyString()).Select(d => (8, "0" + d)),
            PC.Token(c => c is >= '0' and <= '9').AtLeastOnceString().Select(d => (10, d)))
        .Before(Pidgin.Parser<char>.End);

    /// <summary>The unsigned value, or null when the text is not a valid 64-bit number.</summary>
    public static ulong? Parse(string text)
    {
        var result = Form.Parse(text);
        if (!result.Success)
        {
            return null;
        }
        var (numberBase, digits) = result.Value;
        ulong value = 0;
        foreach (var c in digits)
        {
            var d = (ulong)Convert.ToInt32(c.ToString(), 16);
            if (value > (ulong.MaxValue - d) / (ulong)numberBase)
            {
                return null;
            }
            value = value * (ulong)numberBase + d;
        }
        return value;
    }
}
