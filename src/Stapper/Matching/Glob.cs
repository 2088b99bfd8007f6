using System.Numerics;

namespace Stapper.Matching;

/// <summary>How a glob reads a backslash. stap passes fnmatch FNM_NOESCAPE for probe-point functors and
/// <c>%( %)</c> conditions, and no flags for function and module names.</summary>
[Flags]
public enum GlobOptions
{
    None = 0,

    /// <summary>FNM_NOESCAPE: <c>\</c> is an ordinary character.</summary>
    NoEscape = 1,
}

/// <summary>
/// fnmatch(3) as stap calls it (no FNM_PATHNAME, no FNM_PERIOD, C locale): <c>*</c> any run, <c>?</c> one
/// character, <c>[...]</c> a bracket expression (see <see cref="GlobBracket"/>), <c>\</c> quotes the next
/// character unless <see cref="GlobOptions.NoEscape"/>. The one matcher of every pass: the preprocessor's
/// conditions, probe-point functors and aliases, kernel function and module names.
/// </summary>
public static class Glob
{
    /// <summary>stap's test for a pattern (dwflpp::name_has_wildcard, the <c>%( kernel_v %)</c> check): any of <c>* ? [</c>.</summary>
    public static bool HasWildcards(ReadOnlySpan<char> s) => s.IndexOfAny("*?[") >= 0;

    public static bool Match(string pattern, string text, GlobOptions options = GlobOptions.None) =>
        Match(pattern.AsSpan(), text.AsSpan(), options);

    /// <summary>
    /// Whether <paramref name="text"/> matches <paramref name="pattern"/> (chars, or a name's raw bytes).
    /// Iterative with one backtrack point, the last <c>*</c>: every other element matches exactly one
    /// character, so retrying later stars never helps and the cost stays O(pattern x text).
    /// </summary>
    public static bool Match<T>(ReadOnlySpan<T> pattern, ReadOnlySpan<T> text, GlobOptions options = GlobOptions.None)
        where T : unmanaged, IBinaryInteger<T>
    {
        var escapes = (options & GlobOptions.NoEscape) == 0;
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                if (At(pattern, p) == '*')
                {
                    starP = ++p;
                    starT = t;
                    continue;
                }
                var next = One(pattern, p, At(text, t), escapes);
                if (next >= 0)
                {
                    p = next;
                    t++;
                    continue;
                }
            }
            if (starP < 0)
            {
                return false;
            }
            p = starP;
            t = ++starT;
        }
        while (p < pattern.Length && At(pattern, p) == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    internal static int At<T>(ReadOnlySpan<T> s, int i) where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(s[i]);

    /// <summary>Matches the element at <paramref name="p"/> (not <c>*</c>) against one character: the index after it, or -1.</summary>
    private static int One<T>(ReadOnlySpan<T> pattern, int p, int c, bool escapes) where T : unmanaged, IBinaryInteger<T>
    {
        var pc = At(pattern, p);
        if (pc == '?')
        {
            return p + 1;
        }
        if (pc == '[')
        {
            var end = GlobBracket.Match(pattern, p, c, escapes);
            if (end != GlobBracket.Unterminated)
            {
                return end;
            }
        }
        else if (pc == '\\' && escapes)
        {
            // A trailing backslash matches nothing, as in glibc.
            return p + 1 < pattern.Length && At(pattern, p + 1) == c ? p + 2 : -1;
        }
        return pc == c ? p + 1 : -1;
    }
}
