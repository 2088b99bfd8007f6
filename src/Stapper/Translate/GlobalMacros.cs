using System.Globalization;
using System.Text;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// stap's macros for embedded C that names a global in <c>/* pragma:read:VAR */</c> or <c>/* pragma:write:VAR */</c>
/// (a function's <c>%{ %}</c> body, or an embedded expression), defined just before that C and undefined after it:
/// <c>STAP_GLOBAL_GET_VAR()</c> is a scalar's value, <c>STAP_GLOBAL_GET_VAR(k1, ...)</c> an array's value at those keys
/// (0 or "" when absent); <c>STAP_GLOBAL_SET_VAR(val)</c> and <c>STAP_GLOBAL_SET_VAR(k1, ..., val)</c> store, a string
/// cut to MAXSTRINGLEN as an assignment cuts it. An array that cannot take the new element raises stap's overflow
/// error and jumps to <c>errorLabel</c>, ending the probe as any failed statement does; as stap 4.8 reports it, in a
/// function's body the error is near the function's declaration (<c>where</c>), in an embedded expression near nothing
/// of its own. Values and keys pass through
/// runtime/stp_global_access.h's checks, so a string where a number belongs fails to compile, as stap's -Werror does.
/// </summary>
internal static class GlobalMacros
{
    public sealed record Lines(IReadOnlyList<string> Defines, IReadOnlyList<string> Undefs)
    {
        public bool IsEmpty => Defines.Count == 0;
    }

    public static Lines For(string code, IEnumerable<GlobalVariable> globals, string errorLabel, string? where)
    {
        var defines = new List<string>();
        var reads = new List<string>();
        var writes = new List<string>();
        foreach (var (g, read, write) in PragmaGlobals.In(code, globals))
        {
            // the binder has refused an aggregate with stap's error
            if (g.Type == StapType.Stats)
            {
                continue;
            }
            if (read)
            {
                defines.Add(Get(g));
                reads.Add("#undef STAP_GLOBAL_GET_" + g.Name);
            }
            if (write)
            {
                defines.Add(Set(g, errorLabel, where));
                writes.Add("#undef STAP_GLOBAL_SET_" + g.Name);
            }
        }
        return new Lines(defines, [.. reads, .. writes]);
    }

    private static string Keys(GlobalVariable g) =>
        string.Join(", ", Enumerable.Range(1, g.KeyTypes.Length).Select(i => "k" + i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>"__stp_k.n[0] = stp_global_long(k1); ..." filling the key from the macro's parameters.</summary>
    private static string FillKeys(GlobalVariable g)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < g.KeyTypes.Length; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            var slot = i.ToString(CultureInfo.InvariantCulture);
            sb.Append(g.KeyTypes[i] == StapType.String
                ? $"__stp_k.s[{slot}] = stp_global_string(k{n}); "
                : $"__stp_k.n[{slot}] = stp_global_long(k{n}); ");
        }
        return sb.ToString();
    }

    private static string Kind(GlobalVariable g) => g.Type == StapType.String ? "string" : "long";

    private static string Get(GlobalVariable g)
    {
        var name = CNames.Global(g);
        return g.IsArray
            ? $"#define STAP_GLOBAL_GET_{g.Name}({Keys(g)}) ({{ struct stp_key __stp_k; {FillKeys(g)}stp_global_map_{Kind(g)}(&{name}, &__stp_k); }})"
            : $"#define STAP_GLOBAL_GET_{g.Name}() ({name})";
    }

    private static string Set(GlobalVariable g, string errorLabel, string? where)
    {
        var name = CNames.Global(g);
        if (!g.IsArray)
        {
            return g.Type == StapType.String
                ? $"#define STAP_GLOBAL_SET_{g.Name}(val) stp_strcpy({name}, stp_global_string(val))"
                : $"#define STAP_GLOBAL_SET_{g.Name}(val) ({name} = stp_global_long(val))";
        }
        var value = g.Type == StapType.String ? "const char *__stp_v = stp_global_string(val);" : "int64_t __stp_v = stp_global_long(val);";
        var overflow = CNames.StringLiteral(MapAccess.OverflowMessage(g));
        var raise = where is null ? $"c->last_error = {overflow};" : $"stp_raise(c, {overflow}, {where});";
        return $"#define STAP_GLOBAL_SET_{g.Name}({Keys(g)}, val) ({{ {value} struct stp_key __stp_k; {FillKeys(g)}" +
               $"if (unlikely(stp_global_map_set_{Kind(g)}(&{name}, &__stp_k, __stp_v))) {{ {raise} goto {errorLabel}; }} 0; }})";
    }
}
