using System.Numerics;

namespace Stapper.Matching;

/// <summary>
/// A bracket expression of fnmatch(3) in the C locale, as glibc reads it: <c>!</c> or <c>^</c> first negates,
/// a <c>]</c> first is a member, <c>a-z</c> ranges (a <c>-</c> first or last is a member), <c>[:alpha:]</c>
/// classes, single-character <c>[.c.]</c> and <c>[=c=]</c>, <c>\</c> quotes unless escapes are off.
/// Without its closing <c>]</c> the <c>[</c> is an ordinary character; a malformed member (an unknown class,
/// a range with no end) makes the expression match nothing, unless a member before it already matched.
/// These corners follow glibc 2.36, which the tests check against.
/// </summary>
internal static class GlobBracket
{
    /// <summary>No closing bracket: the caller reads the '[' as an ordinary character.</summary>
    public const int Unterminated = -2;

    private enum Kind
    {
        Char,

        /// <summary>A <c>[=c=]</c>: matches its character but cannot start a range.</summary>
        Single,
        Class,
        Malformed,
    }

    /// <summary>Matches <paramref name="c"/> against the expression opened at <paramref name="open"/>: the index after its ']', -1, or <see cref="Unterminated"/>.</summary>
    public static int Match<T>(ReadOnlySpan<T> p, int open, int c, bool escapes) where T : unmanaged, IBinaryInteger<T>
    {
        var i = open + 1;
        var negate = i < p.Length && Glob.At(p, i) is '!' or '^';
        if (negate)
        {
            i++;
        }
        for (var first = true; ; first = false)
        {
            if (i >= p.Length)
            {
                return Unterminated;
            }
            if (!first && Glob.At(p, i) == ']')
            {
                break;
            }
            var (kind, lo) = Element(p, ref i, escapes, rangeEnd: false);
            bool hit;
            if (kind == Kind.Char && i < p.Length && Glob.At(p, i) == '-' && (i + 1 == p.Length || Glob.At(p, i + 1) != ']'))
            {
                i++;
                var hi = 0;
                (kind, hi) = i < p.Length ? Element(p, ref i, escapes, rangeEnd: true) : (Kind.Malformed, 0);
                hit = kind == Kind.Char && lo <= c && c <= hi;
            }
            else
            {
                hit = kind == Kind.Class ? InClass(lo, c) : kind != Kind.Malformed && lo == c;
            }
            if (kind == Kind.Malformed)
            {
                return -1;
            }
            if (hit)
            {
                return negate ? Negated(SkipRest(p, i, escapes)) : SkipRest(p, i, escapes);
            }
        }
        return negate ? i + 1 : -1;
    }

    private static int Negated(int end) => end == Unterminated ? end : -1;

    /// <summary>
    /// After a member matched, glibc finds the ']' with a looser scan: no ranges and no class-name checks,
    /// but a malformed <c>[=x=]</c> or <c>[.x.]</c> still fails.
    /// </summary>
    private static int SkipRest<T>(ReadOnlySpan<T> p, int i, bool escapes) where T : unmanaged, IBinaryInteger<T>
    {
        while (i < p.Length)
        {
            var c = Glob.At(p, i++);
            if (c == ']')
            {
                return i;
            }
            if (c == '\\' && escapes)
            {
                if (i++ >= p.Length)
                {
                    return -1;
                }
            }
            else if (c == '[' && i < p.Length)
            {
                var end = SymbolEnd(p, i);
                if (end < 0)
                {
                    return -1;
                }
                i = end > 0 ? end : i;
            }
        }
        return Unterminated;
    }

    /// <summary>For the skip: the index after a <c>[:x:]</c>, <c>[=x=]</c> or <c>[.x.]</c> whose ':', '=' or '.' is at <paramref name="i"/>; 0 if none starts there, -1 if malformed.</summary>
    private static int SymbolEnd<T>(ReadOnlySpan<T> p, int i) where T : unmanaged, IBinaryInteger<T>
    {
        var opener = Glob.At(p, i);
        if (opener == ':')
        {
            for (var k = i + 1; k < p.Length; k++)
            {
                if (Glob.At(p, k) == ':' && k + 1 < p.Length && Glob.At(p, k + 1) == ']')
                {
                    return k + 2;
                }
                if (Glob.At(p, k) is < 'a' or >= 'z')
                {
                    return 0;
                }
            }
            return 0;
        }
        if (opener == '=')
        {
            return i + 3 < p.Length && Glob.At(p, i + 2) == '=' && Glob.At(p, i + 3) == ']' ? i + 4 : -1;
        }
        if (opener == '.')
        {
            for (var k = i + 1; k + 1 < p.Length; k++)
            {
                if (Glob.At(p, k) == '.' && Glob.At(p, k + 1) == ']')
                {
                    return k + 2;
                }
            }
            return -1;
        }
        return 0;
    }

    /// <summary>One member at <paramref name="i"/>: a character, a class (its index in <see cref="Classes"/>) or a malformed one.</summary>
    private static (Kind, int) Element<T>(ReadOnlySpan<T> p, ref int i, bool escapes, bool rangeEnd) where T : unmanaged, IBinaryInteger<T>
    {
        var c = Glob.At(p, i);
        if (c == '\\' && escapes)
        {
            if (i + 1 >= p.Length)
            {
                i++;
                return (Kind.Malformed, 0);
            }
            i += 2;
            return (Kind.Char, Glob.At(p, i - 1));
        }
        var opener = c == '[' && i + 1 < p.Length ? Glob.At(p, i + 1) : 0;
        // In the C locale a collating symbol or an equivalence class is exactly one character.
        var single = i + 4 < p.Length && Glob.At(p, i + 3) == opener && Glob.At(p, i + 4) == ']';
        if (opener == '.')
        {
            i += single ? 5 : 2;
            return single ? (Kind.Char, Glob.At(p, i - 3)) : (Kind.Malformed, 0);
        }
        if (opener == '=' && single && !rangeEnd)
        {
            i += 5;
            return (Kind.Single, Glob.At(p, i - 3));
        }
        if (opener == ':' && !rangeEnd)
        {
            var j = i + 2;
            while (j < p.Length && Glob.At(p, j) is >= 'a' and < 'z')
            {
                j++;
            }
            if (j + 1 < p.Length && Glob.At(p, j) == ':' && Glob.At(p, j + 1) == ']')
            {
                var index = ClassIndex(p[(i + 2)..j]);
                i = j + 2;
                return index < 0 ? (Kind.Malformed, 0) : (Kind.Class, index);
            }
            // Not a class name: the '[' is an ordinary member.
        }
        i++;
        return (Kind.Char, c);
    }

    private static readonly string[] Classes = ["alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit"];

    private static int ClassIndex<T>(ReadOnlySpan<T> name) where T : unmanaged, IBinaryInteger<T>
    {
        for (var k = 0; k < Classes.Length; k++)
        {
            var candidate = Classes[k];
            var same = candidate.Length == name.Length;
            for (var n = 0; same && n < name.Length; n++)
            {
                same = Glob.At(name, n) == candidate[n];
            }
            if (same)
            {
                return k;
            }
        }
        return -1;
    }

    /// <summary>The C locale's ctype classes: ASCII only.</summary>
    private static bool InClass(int index, int c) => Classes[index] switch
    {
        "alnum" => char.IsAsciiLetterOrDigit((char)c),
        "alpha" => char.IsAsciiLetter((char)c),
        "blank" => c is ' ' or '\t',
        "cntrl" => c is < 32 or 127,
        "digit" => c is >= '0' and <= '9',
        "graph" => c is > 32 and < 127,
        "lower" => c is >= 'a' and <= 'z',
        "print" => c is >= 32 and < 127,
        "punct" => c is > 32 and < 127 && !char.IsAsciiLetterOrDigit((char)c),
        "space" => c is ' ' or (>= '\t' and <= '\r'),
        "upper" => c is >= 'A' and <= 'Z',
        _ => char.IsAsciiHexDigit((char)c),
    };
}
