namespace Stapper.Parse.RegexSyntax;

/// <summary>A set of bytes, as a bracket expression or a literal denotes (256 bits).</summary>
public readonly record struct ByteSet(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public static ByteSet Empty => default;

    public static ByteSet Range(int low, int high)
    {
        var s = Empty;
        for (var c = low; c <= high; c++)
        {
            s = s.With(c);
        }
        return s;
    }

    public static ByteSet Of(int c) => Range(c, c);

    /// <summary>stap's '.' and negated brackets never match the terminating NUL.</summary>
    public static ByteSet AnyButNul => Range(1, 255);

    public bool IsEmpty => (W0 | W1 | W2 | W3) == 0;

    public bool Contains(int c) => c is >= 0 and < 256 && (Word(c >> 6) >> (c & 63) & 1) != 0;

    public ByteSet Union(ByteSet o) => new(W0 | o.W0, W1 | o.W1, W2 | o.W2, W3 | o.W3);

    public ByteSet Invert() => new ByteSet(~W0, ~W1, ~W2, ~W3).Without(0);

    private ulong Word(int i) => i switch { 0 => W0, 1 => W1, 2 => W2, _ => W3 };

    private ByteSet With(int c)
    {
        var bit = 1UL << (c & 63);
        return (c >> 6) switch
        {
            0 => this with { W0 = W0 | bit },
            1 => this with { W1 = W1 | bit },
            2 => this with { W2 = W2 | bit },
            _ => this with { W3 = W3 | bit },
        };
    }

    private ByteSet Without(int c)
    {
        var bit = ~(1UL << (c & 63));
        return (c >> 6) switch
        {
            0 => this with { W0 = W0 & bit },
            1 => this with { W1 = W1 & bit },
            2 => this with { W2 = W2 & bit },
            _ => this with { W3 = W3 & bit },
        };
    }
}
