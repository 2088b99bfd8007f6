namespace Stapper.DebugInfo;

/// <summary>fnmatch(3)-style wildcards as SystemTap uses them in probe points: * ? [abc] [a-z] [!x] and \ escapes.</summary>
public static class Glob
{
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[\\") >= 0;

    public static bool Match(string pattern, string text) =>
        Match(System.Text.Encoding.UTF8.GetBytes(pattern), System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Iterative matcher with single backtrack point for '*' (linear in practice, never recursive).</summary>
    public static bool Match(ReadOnlySpan<byte> p, ReadOnlySpan<byte> s)
    {
        int pi = 0, si = 0, starP = -1, starS = 0;
        while (si < s.Length)
        {
            if (pi < p.Length)
            {
                byte c = p[pi];
                if (c == (byte)'*')
                {
                    starP = ++pi;
                    starS = si;
                    continue;
                }
                if (c == (byte)'?')
                {
                    pi++; si++;
                    continue;
                }
                if (c == (byte)'[')
                {
                    int end = ClassEnd(p, pi);
                    if (end > 0)
                    {
                        if (ClassMatches(p[(pi + 1)..end], s[si]))
                        {
                            pi = end + 1; si++;
                            continue;
                        }
                    }
                    else if (s[si] == c)
                    {
                        pi++; si++;
                        continue;
                    }
                }
                else
                {
                    if (c == (byte)'\\' && pi + 1 < p.Length) { pi++; c = p[pi]; }
                    if (s[si] == c)
                    {
                        pi++; si++;
                        continue;
                    }
                }
            }
            if (starP < 0)
            {
                return false;
            }

            pi = starP;
            si = ++starS;
        }
        while (pi < p.Length && p[pi] == (byte)'*')
        {
            pi++;
        }

        return pi == p.Length;
    }

    /// <summary>Index of the ']' closing the class opened at <paramref name="open"/>, or -1.</summary>
    private static int ClassEnd(ReadOnlySpan<byte> p, int open)
    {
        int i = open + 1;
        if (i < p.Length && (p[i] == (byte)'!' || p[i] == (byte)'^'))
        {
            i++;
        }

        if (i < p.Length && p[i] == (byte)']')
        {
            i++;
        }

        for (; i < p.Length; i++)
        {
            if (p[i] == (byte)']')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool ClassMatches(ReadOnlySpan<byte> cls, byte ch)
    {
        bool negate = false;
        int i = 0;
        if (cls.Length > 0 && (cls[0] == (byte)'!' || cls[0] == (byte)'^')) { negate = true; i = 1; }
        bool hit = false;
        for (; i < cls.Length; i++)
        {
            byte lo = cls[i];
            if (i + 2 < cls.Length && cls[i + 1] == (byte)'-')
            {
                byte hi = cls[i + 2];
                if (ch >= lo && ch <= hi)
                {
                    hit = true;
                }

                i += 2;
            }
            else if (lo == ch)
            {
                hit = true;
            }
        }
        return hit != negate;
    }
}
