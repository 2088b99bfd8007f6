using System.Globalization;
using System.Text;
using Stapper.Diagnostics;

using Stapper.Parse.RegexSyntax;

namespace Stapper.Translate.Regex;

/// <summary>
/// The module's compiled regexes, one set of static C tables per distinct literal, and the C
/// expression for each match. With submatches wanted (the regex tapset's functions carry
/// <c>/* pragma:tagged_dfa */</c>, as in stap) every match runs the Pike VM and records itself in the
/// probe context; otherwise a DFA answers, and the VM is the fallback for regexes whose DFA is too big.
/// </summary>
internal sealed class RegexTables
{
    /// <summary>Bounds the Pike VM's per-CPU thread lists (two of instructions x capture slots ints, 1 MB).</summary>
    public const int MaxThreadSlots = 131072;

    private readonly bool _tagged;
    private readonly Dictionary<string, (string Name, bool UsesVm)> _compiled = new(StringComparer.Ordinal);
    private readonly StringBuilder _tables = new();
    private int _maxInstructions = 1;
    private int _maxCaptures = 2;

    private readonly string _prefix;

    /// <param name="tagged">whether submatches are wanted</param>
    /// <param name="prefix">of the C names (the runtime's C test holds two sets of tables)</param>
    public RegexTables(bool tagged, string prefix = "stp_re")
    {
        _tagged = tagged;
        _prefix = prefix;
    }

    private bool NeedsVm => _tagged || _compiled.Values.Any(c => c.UsesVm);

    /// <summary>The C expression (int64_t 0/1) for <c>subject =~ pattern</c>, or null after reporting why it cannot be translated.</summary>
    public string? Match(string pattern, string subject, bool negated, SourceSpan span, DiagnosticBag diagnostics)
    {
        if (!_compiled.TryGetValue(pattern, out var c))
        {
            var compiled = Compile(pattern, span, diagnostics);
            if (compiled is null)
            {
                return null;
            }
            c = compiled.Value;
            _compiled[pattern] = c;
        }
        var call = c.UsesVm
            ? $"stp_regex_exec(&{c.Name}_prog, &c->regex_vm, &c->last_match, {subject})"
            : $"stp_regex_dfa_match(&{c.Name}_dfa, {subject})";
        return $"((int64_t)({call} {(negated ? "==" : "!=")} 0))";
    }

    private (string Name, bool UsesVm)? Compile(string pattern, SourceSpan span, DiagnosticBag diagnostics)
    {
        var parse = RegexParser.Parse(pattern);
        if (parse.Error is { } error)
        {
            // Pass 2 reports these; seen here only if pass 2 was skipped.
            diagnostics.Error("sema.regex-compile", "semantic error", error.Text, span, Token(pattern));
            return null;
        }
        var program = RegexCompiler.Compile(pattern, parse);
        if (program is null)
        {
            diagnostics.Error("translate.regex-size", "semantic error",
                $"regex compilation error: regex too large (more than {RegexCompiler.MaxInstructions} instructions)", span, Token(pattern));
            return null;
        }
        var dfa = _tagged ? null : RegexDfa.Build(program);
        // The lists are sized by the largest program and the most captures of any regex in the module.
        if (dfa is null && (long)Math.Max(_maxInstructions, program.Instructions.Length) * (Math.Max(_maxCaptures, program.Captures) + 1) > MaxThreadSlots)
        {
            diagnostics.Error("translate.regex-size", "semantic error",
                $"regex compilation error: regex too large (instructions times subexpressions above {MaxThreadSlots})", span, Token(pattern));
            return null;
        }
        var name = _prefix + _compiled.Count.ToString(CultureInfo.InvariantCulture);
        _tables.Append("/* regex \"").Append(CommentSafe(pattern)).Append("\" */\n");
        if (dfa is not null)
        {
            EmitDfa(name, dfa);
            return (name, false);
        }
        EmitProgram(name, program);
        _maxInstructions = Math.Max(_maxInstructions, program.Instructions.Length);
        _maxCaptures = Math.Max(_maxCaptures, program.Captures);
        return (name, true);
    }

    /// <summary>Everything the module needs before the probe context is declared, or "" without regexes.</summary>
    public string Declarations()
    {
        if (_compiled.Count == 0 && !_tagged)
        {
            return "";
        }
        var sb = new StringBuilder();
        if (NeedsVm)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#define STP_REGEX_MAX_INSNS {_maxInstructions}\n");
            sb.Append(CultureInfo.InvariantCulture, $"#define STP_REGEX_MAX_CAPS {_maxCaptures}\n");
        }
        sb.Append("#include \"stp_regex.h\"\n");
        sb.Append(_tables);
        return sb.ToString();
    }

    private void EmitDfa(string name, RegexDfa dfa)
    {
        _tables.Append($"static const unsigned char {name}_classes[256] = {{ {Join(dfa.Classes)} }};\n");
        _tables.Append($"static const unsigned short {name}_next[{dfa.Next.Length}] = {{ {Join(dfa.Next)} }};\n");
        _tables.Append($"static const unsigned char {name}_accept[{dfa.States}] = {{ {Join(dfa.Accept)} }};\n");
        _tables.Append($"static const struct stp_regex_dfa {name}_dfa = {{ {name}_classes, {name}_next, {name}_accept, {dfa.ClassCount} }};\n");
    }

    private void EmitProgram(string name, RegexProgram program)
    {
        _tables.Append($"static const struct stp_regex_insn {name}_insns[{program.Instructions.Length}] = {{\n");
        foreach (var i in program.Instructions)
        {
            _tables.Append($"\t{{ {(int)i.Op}, {i.Arg}, {i.X}, {i.Y} }},\n");
        }
        _tables.Append("};\n");
        var sets = Math.Max(1, program.Sets.Length);
        _tables.Append($"static const unsigned char {name}_sets[{sets}][32] = {{\n");
        foreach (var s in program.Sets)
        {
            var bytes = Enumerable.Range(0, 32).Select(k => Enumerable.Range(0, 8).Aggregate(0, (acc, bit) => acc | (s.Contains(8 * k + bit) ? 1 << bit : 0)));
            _tables.Append("\t{ ").Append(string.Join(", ", bytes)).Append(" },\n");
        }
        if (program.Sets.Length == 0)
        {
            _tables.Append("\t{ 0 },\n");
        }
        _tables.Append("};\n");
        _tables.Append($"static const struct stp_regex_prog {name}_prog = {{ {name}_insns, {name}_sets, {program.Instructions.Length}, {program.Captures} }};\n");
    }

    /// <summary>stap names the literal as the culprit.</summary>
    private static string Token(string pattern) => "string '" + pattern + "'";

    private static string Join<T>(IEnumerable<T> values) => string.Join(",", values);

    private static string CommentSafe(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s.Replace("*/", "*\\/", StringComparison.Ordinal).Replace("??", "?\\?", StringComparison.Ordinal))
        {
            sb.Append(ch is < ' ' or > '~' ? '?' : ch);
        }
        return sb.ToString();
    }
}
