namespace Stapper.Parse.RegexSyntax;

/// <summary>The <c>[:name:]</c> classes stap knows (ASCII only, as the C library's isX in the C locale), with its short aliases.</summary>
internal static class CharacterClasses
{
    private static readonly ByteSet Upper = ByteSet.Range('A', 'Z');
    private static readonly ByteSet Lower = ByteSet.Range('a', 'z');
    private static readonly ByteSet Digit = ByteSet.Range('0', '9');

    public static ByteSet? Named(string name) => name switch
    {
        "alpha" => Upper.Union(Lower),
        "alnum" => Upper.Union(Lower).Union(Digit),
        "blank" => Chars(" \t"),
        "cntrl" => ByteSet.Range(1, 0x1F).Union(ByteSet.Of(0x7F)),
        "d" or "digit" => Digit,
        "xdigit" => Digit.Union(ByteSet.Range('a', 'f')).Union(ByteSet.Range('A', 'F')),
        "graph" => ByteSet.Range(0x21, 0x7E),
        "l" or "lower" => Lower,
        "print" => ByteSet.Range(0x20, 0x7E),
        "punct" => Chars("!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~-"),
        "s" or "space" => Chars(" \t\r\n\v\f"),
        "u" or "upper" => Upper,
        _ => null,
    };

    private static ByteSet Chars(string chars)
    {
        var s = ByteSet.Empty;
        foreach (var c in chars)
        {
            s = s.Union(ByteSet.Of(c));
        }
        return s;
    }
}
