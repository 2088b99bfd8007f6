namespace Stapper.Parse.Preprocessing;

/// <summary>glibc's strverscmp: digit runs compare as numbers ("2.6.9" &lt; "2.6.20").</summary>
internal static class VersionCompare
{
    public static int Compare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) { i++; }
                while (j < b.Length && char.IsAsciiDigit(b[j])) { j++; }
                var da = a[si..i];
                var db = b[sj..j];
                var fa = da.Length > 1 && da[0] == '0';
                var fb = db.Length > 1 && db[0] == '0';
                int cmp;
                if (fa || fb)
                {
                    // Fractional parts (leading zero) compare as strings, shorter first on ties.
                    cmp = string.CompareOrdinal(da, db);
                }
                else
                {
                    var ta = da.TrimStart('0');
                    var tb = db.TrimStart('0');
                    cmp = ta.Length != tb.Length ? ta.Length.CompareTo(tb.Length) : string.CompareOrdinal(ta, tb);
                }
                if (cmp != 0)
                {
                    return Math.Sign(cmp);
                }
                continue;
            }
            if (a[i] != b[j])
            {
                return a[i] < b[j] ? -1 : 1;
            }
            i++;
            j++;
        }
        return (a.Length - i).CompareTo(b.Length - j) switch { < 0 => -1, > 0 => 1, _ => 0 };
    }
}
