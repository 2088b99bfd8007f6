namespace Stapper.Parse.Preprocessing;

/// <summary>fnmatch(3) with FNM_NOESCAPE: <c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[!x]</c>.</summary>
internal static class Glob
{
    public static bool IsPattern(string s) => s.AsSpan().IndexOfAny("*?[") >= 0;

    public static bool Match(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = ++p;
                starT = t;
                continue;
            }
            if (p < pattern.Length && MatchOne(pattern, ref p, text[t]))
            {
                t++;
                continue;
            }
            if (starP < 0)
            {
                return false;
            }
            p = starP;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>Matches one character against the pattern element at p, advancing p on success.</summary>
    private static bool MatchOne(string pattern, ref int p, char c)
    {
        var pc = pattern[p];
        if (pc == '?')
        {
            p++;
            return true;
        }
        if (pc == '[')
        {
            var i = p + 1;
            var negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
            if (negate)
            {
                i++;
            }
            var matched = false;
            var first = true;
            while (i < pattern.Length && (first || pattern[i] != ']'))
            {
                first = false;
                var lo = pattern[i];
                if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
                {
                    matched |= c >= lo && c <= pattern[i + 2];
                    i += 3;
                }
                else
                {
                    matched |= c == lo;
                    i++;
                }
            }
            if (i >= pattern.Length)
            {
                // No closing bracket: '[' is an ordinary character.
                if (c == '[')
                {
                    p++;
                    return true;
                }
                return false;
            }
            if (matched != negate)
            {
                p = i + 1;
                return true;
            }
            return false;
        }
        if (pc == c)
        {
            p++;
            return true;
        }
        return false;
    }
}
