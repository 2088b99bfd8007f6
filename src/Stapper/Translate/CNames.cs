using System.Globalization;
using System.Text;
using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>C spellings of script entities and literals.</summary>
internal static class CNames
{
    public static string Global(GlobalVariable g) => "stp_g_" + Mangle(g.Name);
    public static string GlobalLock(GlobalVariable g) => "stp_gl_" + Mangle(g.Name);
    /// <summary>A counter global's per-CPU copies (CounterGlobals), and the function that folds them onto the base.</summary>
    public static string CounterCopies(GlobalVariable g) => "stp_gc_" + Mangle(g.Name);
    public static string CounterRead(GlobalVariable g) => "stp_gcr_" + Mangle(g.Name);
    public static string HistDesc(GlobalVariable g) => "stp_hd_" + Mangle(g.Name);
    /// <summary>Functions overload on arity (tokenize(s) and tokenize(s, d)): the arity is part of the C name.</summary>
    private static string FunctionKey(ScriptFunction f) => Mangle(f.Name) + "_" + f.Parameters.Length.ToString(CultureInfo.InvariantCulture);
    public static string Function(ScriptFunction f) => "stp_f_" + FunctionKey(f);
    public static string FunctionFrame(ScriptFunction f) => "stp_fl_" + FunctionKey(f);
    public static string FunctionUnionMember(ScriptFunction f) => "f_" + FunctionKey(f);
    public static string Probe(Probe p) => "stp_p_" + p.Index.ToString(CultureInfo.InvariantCulture);
    public static string ProbeFrame(Probe p) => "stp_pl_" + p.Index.ToString(CultureInfo.InvariantCulture);
    public static string ProbeUnionMember(Probe p) => "p_" + p.Index.ToString(CultureInfo.InvariantCulture);
    public static string ProbeRunner(Probe p) => "stp_probe_" + p.Index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Frame field of a local or parameter: the script name as is (embedded C uses THIS->name).</summary>
    public static string Local(LocalVariable v) => Mangle(v.Name);

    /// <summary>A perf counter's site (<c>.counter("NAME")</c>), named by its unique NAME: '_' and other characters escaped, no two alike.</summary>
    public static string PerfCounter(string name)
    {
        var sb = new StringBuilder("stp_perf_counter_");
        foreach (var ch in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(ch) ? ch.ToString() : "_" + ((int)ch).ToString("x", CultureInfo.InvariantCulture) + "_");
        }
        return sb.ToString();
    }

    /// <summary>Script identifiers are C identifiers except for a few characters; keep them readable.</summary>
    public static string Mangle(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch == '_' ? ch : '_');
        }
        return sb.ToString();
    }

    /// <summary>The address slot of a kernel module's global (runtime/stp_globals.h): module and symbol, each spelled
    /// safe for C and prefixed with its length so that no two pairs meet.</summary>
    public static string ModuleGlobal(LoadGlobal g) =>
        $"stp_modvar_{g.Module.Length}_{Identifier(g.Module)}_{Identifier(g.Symbol ?? "")}";

    private static string Identifier(string s) => new([.. s.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_')]);

    /// <summary>A C string literal; bytes outside printable ASCII become octal escapes.</summary>
    public static string StringLiteral(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        var bytes = Encoding.UTF8.GetBytes(s);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            switch (b)
            {
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'?': sb.Append("\\?"); break; // no trigraphs
                default:
                    if (b < 0x20 || b >= 0x7f)
                    {
                        sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    }
                    else
                    {
                        sb.Append((char)b);
                    }
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>A 64-bit constant: INT64_MIN cannot be written as a literal.</summary>
    public static string LongLiteral(long v) => v == long.MinValue
        ? "((int64_t)(-9223372036854775807LL - 1))"
        : "((int64_t)" + v.ToString(CultureInfo.InvariantCulture) + "LL)";

    /// <summary>stap's "TOKEN at FILE:LINE:COL" for runtime errors.</summary>
    public static string Where(string token, SourceSpan span) =>
        StringLiteral((token.Length > 0 ? token : "statement") + " at " + span);
}

/// <summary>Indented C text.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    public int Indent { get; set; }

    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _sb.Append('\t', Indent);
        }
        _sb.Append(text).Append('\n');
        return this;
    }

    public void Open(string text)
    {
        Line(text);
        Indent++;
    }

    public void Close(string text = "}")
    {
        Indent--;
        Line(text);
    }

    public void Raw(string text) => _sb.Append(text);

    public override string ToString() => _sb.ToString();
}
