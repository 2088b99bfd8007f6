using System.Globalization;
using System.Text;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// -p2: the elaborated program in stap's layout (globals, functions, probes with their locals), types shown; target
/// expressions as the functions stap's dwarf expansion synthesizes for them (<see cref="TargetFunctions"/>).
/// </summary>
public sealed class ProgramPrinter
{
    private readonly TargetFunctions _targets;
    private bool _atEntry;

    private ProgramPrinter(TargetFunctions targets) => _targets = targets;

    /// <summary>stap's -p2 listing; <paramref name="verbose"/> (-v) adds the bodies and the globals' initial values.</summary>
    public static string Print(ElaboratedProgram program, bool verbose) => new ProgramPrinter(new TargetFunctions(program)).Write(program, verbose);

    private string Write(ElaboratedProgram program, bool verbose)
    {
        var o = new StringBuilder();
        if (!program.EmbeddedCode.IsEmpty)
        {
            o.Append("# global embedded code\n");
            foreach (var e in program.EmbeddedCode)
            {
                o.Append("%{").Append(e.Code).Append("%}\n");
            }
        }
        if (!program.Globals.IsEmpty)
        {
            o.Append("# globals\n");
            foreach (var g in program.Globals)
            {
                o.Append(g.Name).Append(g.Wrap ? "%" : "").Append(g.MaxEntries > 0 ? "[" + g.MaxEntries.ToString(CultureInfo.InvariantCulture) + "]" : "")
                    .Append(':').Append(TypeName(g.Type));
                if (g.IsArray)
                {
                    o.Append(" [").Append(string.Join(", ", g.KeyTypes.Select(TypeName))).Append(']');
                }
                if (verbose && g.Initializer is { } init)
                {
                    o.Append(" = ").Append(Expression(init));
                }
                o.Append('\n');
            }
        }
        // stap keeps functions in a map by name, the target expressions' synthesized ones among them.
        var functions = program.Functions.Select(f => (f.Name, Write: (Action)(() => Function(o, f, verbose))))
            .Concat(_targets.Functions.Select(t => (Name: t.Header[..t.Header.IndexOf(':', StringComparison.Ordinal)],
                Write: (Action)(() => o.Append(t.Header).Append('\n').Append(verbose ? "{\n  return " + t.Location + "\n}\n" : "")))))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (functions.Count > 0)
        {
            o.Append("# functions\n");
            functions.ForEach(f => f.Write());
        }
        o.Append("# probes\n");
        foreach (var p in program.Probes)
        {
            EntryProbe(o, p, verbose);
            // stap reads each @perf counter into a local __perf_read_NAME in the probe's prologue
            var locals = BoundWalker.Nodes(p.Body).OfType<BoundPerfRead>().Where(r => r.Counter is not null).OrderBy(r => r.Slot)
                .Select(r => "__perf_read_" + r.Counter).Distinct().Select(n => new LocalVariable(n, StapType.Long, p.Span)).Concat(p.Locals).ToList();
            foreach (var site in p.Sites)
            {
                o.Append(site.Name).Append(site.Derivation?.Extras).Append(site.ListedPc is { } pc ? " /* pc=" + pc + " */" : "").Append(Derivation(site)).Append('\n');
                Locals(o, locals);
                if (verbose)
                {
                    Statement(o, p.Body, 0);
                }
            }
        }
        return o.ToString();
    }

    /// <summary>
    /// stap's comment after a derived probe: the probes it came from, the nearest first, each alias as it is declared
    /// and last the script's probe with all its points. A function or statement found in debug information stands
    /// for itself there, as stap names it after what it found.
    /// </summary>
    private static string Derivation(ProbeSite site) => site switch
    {
        KernelFunctionSite or KernelStatementSite or UserFunctionSite or UserStatementSite when !site.Name.StartsWith("kprobe.", StringComparison.Ordinal) =>
            " /* <- " + site.Name + site.Derivation?.Extras + " */",
        { Derivation.Bases: { IsEmpty: false } bases } => " /* <- " + string.Join(" <- ", bases) + " */",
        _ => " /* <- " + site.Name + " */",
    };

    private void Function(StringBuilder o, ScriptFunction f, bool verbose)
    {
        o.Append(f.Name).Append(':').Append(TypeName(f.ReturnType)).Append(" (")
            .Append(string.Join(", ", f.Parameters.Select(p => p.Name + ':' + TypeName(p.Type)))).Append(")\n");
        Locals(o, f.Locals);
        if (!verbose)
        {
            return;
        }
        if (f.Embedded is { } e)
        {
            o.Append("%{").Append(e.Code).Append("%}\n");
        }
        else if (f.Body is { } body)
        {
            Statement(o, body, 0);
        }
    }

    /// <summary>stap runs a return probe's captures in a probe on the function's entry, shown before it.</summary>
    private void EntryProbe(StringBuilder o, Probe p, bool verbose)
    {
        var saves = _targets.EntrySaves(p);
        if (saves.Count == 0)
        {
            return;
        }
        foreach (var site in p.Sites)
        {
            o.Append(site.Name.EndsWith(".return", StringComparison.Ordinal) ? site.Name[..^7] : site.Name).Append(".call").Append(Derivation(site)).Append('\n');
            if (verbose)
            {
                EntryBody(o, saves);
            }
        }
    }

    private void EntryBody(StringBuilder o, IReadOnlyList<(string Setter, int Slot, BoundExpression Value)> saves)
    {
        o.Append("{\n");
        _atEntry = true;
        foreach (var (setter, slot, value) in saves)
        {
            o.Append("  ").Append(setter).Append('(').Append(slot.ToString(CultureInfo.InvariantCulture)).Append(", ")
                .Append(Expression(value)).Append(")\n");
        }
        _atEntry = false;
        o.Append("}\n");
    }

    private static void Locals(StringBuilder o, IEnumerable<LocalVariable> locals)
    {
        var list = locals.ToList();
        if (list.Count > 0)
        {
            o.Append("  # locals\n");
            foreach (var l in list)
            {
                o.Append("  ").Append(l.Name).Append(':').Append(TypeName(l.Type)).Append('\n');
            }
        }
    }

    private static string TypeName(StapType t) => t switch
    {
        StapType.Long => "long",
        StapType.String => "string",
        StapType.Stats => "stats",
        StapType.Void => "unknown",
        _ => "unknown",
    };

    private void Statement(StringBuilder o, BoundStatement s, int depth)
    {
        var pad = new string(' ', depth * 2);
        switch (s)
        {
            case BoundBlock b:
                o.Append(pad).Append("{\n");
                foreach (var x in b.Statements)
                {
                    Statement(o, x, depth + 1);
                }
                o.Append(pad).Append("}\n");
                break;
            case BoundExpressionStatement e:
                o.Append(pad).Append(Expression(e.Expression)).Append('\n');
                break;
            case BoundIf i:
                o.Append(pad).Append("if (").Append(Expression(i.Condition)).Append(")\n");
                Statement(o, i.Then, depth + 1);
                if (i.Else is not null)
                {
                    o.Append(pad).Append("else\n");
                    Statement(o, i.Else, depth + 1);
                }
                break;
            case BoundWhile w:
                o.Append(pad).Append("while (").Append(Expression(w.Condition)).Append(")\n");
                Statement(o, w.Body, depth + 1);
                break;
            case BoundFor f:
                o.Append(pad).Append("for (").Append(f.Init is null ? "" : Expression(f.Init)).Append("; ")
                    .Append(f.Condition is null ? "" : Expression(f.Condition)).Append("; ")
                    .Append(f.Increment is null ? "" : Expression(f.Increment)).Append(")\n");
                Statement(o, f.Body, depth + 1);
                break;
            case BoundForeach f:
                o.Append(pad).Append("foreach (");
                if (f.Value is not null)
                {
                    o.Append(f.Value.Name).Append(" = ");
                }
                o.Append('[').Append(string.Join(", ", f.Keys.Select((k, i) => k.Name + Sort(f, i + 1)))).Append("] in ")
                    .Append(f.Histogram is { } h ? Expression(h) : f.Array.Name).Append(Sort(f, 0));
                if (f.Limit is not null)
                {
                    o.Append(" limit ").Append(Expression(f.Limit));
                }
                o.Append(")\n");
                Statement(o, f.Body, depth + 1);
                break;
            case BoundBreak:
                o.Append(pad).Append("break\n");
                break;
            case BoundContinue:
                o.Append(pad).Append("continue\n");
                break;
            case BoundNext:
                o.Append(pad).Append("next\n");
                break;
            case BoundReturn r:
                o.Append(pad).Append("return").Append(r.Value is null ? "" : " " + Expression(r.Value)).Append('\n');
                break;
            case BoundDeleteArray d:
                o.Append(pad).Append("delete ").Append(d.Array.Name).Append('\n');
                break;
            case BoundDeleteElement d:
                o.Append(pad).Append("delete ").Append(d.Array.Name).Append('[').Append(Keys(d.Keys)).Append("]\n");
                break;
            case BoundDeleteScalar d:
                o.Append(pad).Append("delete ").Append(Expression(d.Variable)).Append('\n');
                break;
            case BoundTry t:
                o.Append(pad).Append("try\n");
                Statement(o, t.Try, depth + 1);
                o.Append(pad).Append("catch").Append(t.CatchVariable is null ? "" : "(" + t.CatchVariable.Name + ")").Append('\n');
                Statement(o, t.Catch, depth + 1);
                break;
        }
    }

    private static string Sort(BoundForeach f, int column) =>
        f.SortDirection == SortDirection.None || f.SortColumn != column ? "" : f.SortDirection == SortDirection.Ascending ? "+" : "-";

    private string Keys(IEnumerable<BoundExpression?> keys) => string.Join(", ", keys.Select(k => k is null ? "*" : Expression(k)));

    private string Expression(BoundExpression e) => !_atEntry && _targets.SavedText(e) is { } saved ? saved : e switch
    {
        BoundNumber n => n.Value.ToString(CultureInfo.InvariantCulture),
        BoundString s => "\"" + s.Value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\t", "\\t") + "\"",
        BoundLocal l => l.Variable.Name,
        BoundGlobal g => g.Variable.Name,
        BoundArrayElement a => a.Array.Name + "[" + Keys(a.Keys) + "]",
        BoundAssignment a => "(" + Expression(a.Target) + ") " + OperatorText.Spelling(a.Operator) + " (" + Expression(a.Value) + ")",
        BoundBinary b => "(" + Expression(b.Left) + ") " + OperatorText.Spelling(b.Operator) + " (" + Expression(b.Right) + ")",
        BoundUnary u => OperatorText.Spelling(u.Operator) + "(" + Expression(u.Operand) + ")",
        BoundTargetWrite w => "(" + Expression(w.Target) + ") = (" + Expression(w.Value) + ")",
        BoundIncrement i => i.IsPrefix ? (i.IsIncrement ? "++" : "--") + Expression(i.Target) : Expression(i.Target) + (i.IsIncrement ? "++" : "--"),
        BoundTernary t => "(" + Expression(t.Condition) + ") ? (" + Expression(t.Then) + ") : (" + Expression(t.Else) + ")",
        BoundIn i => "[" + Keys(i.Keys) + "] in " + i.Array.Name,
        BoundCall c => c.Function.Name + "(" + string.Join(", ", c.Arguments.Select(Expression)) + ")",
        BoundAggregate a => "@" + a.Operator.ToString().ToLowerInvariant() + "(" + Expression(a.Operand) + ")",
        BoundHistogram h => "@hist_" + h.Kind.ToString().ToLowerInvariant() + "(" + Expression(h.Operand) + (h.Linear is { } l ? $", {l.Start}, {l.Stop}, {l.Interval}" : "") + ")",
        BoundHistogramBucket b => Expression(b.Histogram) + "[" + Expression(b.Index) + "]",
        BoundPrint p => p.Kind.ToString().ToLowerInvariant() + "(" + string.Join(", ", Format(p).Concat(p.Arguments.Select(Expression))) + ")",
        BoundRegexMatch r => Expression(r.Subject) + (r.Negated ? " !~ " : " =~ ") + "\"" + r.Pattern + "\"",
        BoundEmbeddedExpression x => "%{" + x.Code + "%}",
        BoundPerfRead { Counter: null } r => "@perf(\"" + r.Name + "\")",
        BoundPerfRead r => "__perf_read_" + r.Counter,
        BoundCaughtString c => Expression(c.Value),
        BoundTargetValue t when _targets.NameOf(t) is { } name => name + "(" + string.Join(", ", TargetFunctions.Arguments(t).Select(Expression)) + ")",
        _ => e.GetType().Name,
    };

    private IEnumerable<string> Format(BoundPrint p)
    {
        if (p.Delimiter is not null)
        {
            yield return Expression(p.Delimiter);
        }
        if (!p.Format.IsEmpty)
        {
            yield return Expression(new BoundString(string.Concat(p.Format.Select(FormatText)), p.Span));
        }
    }

    private static string FormatText(FormatPiece piece) => piece switch
    {
        FormatText t => t.Text.Replace("%", "%%"),
        FormatConversion c => "%" + Flags(c.Flags) + Number(c.Width) + (c.Precision is null ? "" : "." + Number(c.Precision)) + c.Conversion,
        _ => "",
    };

    private static string Number(int? n) => n switch
    {
        null => "",
        -1 => "*",
        _ => n.Value.ToString(CultureInfo.InvariantCulture),
    };

    private static string Flags(FormatFlags f) =>
        (f.HasFlag(FormatFlags.LeftAlign) ? "-" : "") + (f.HasFlag(FormatFlags.Plus) ? "+" : "") + (f.HasFlag(FormatFlags.Space) ? " " : "")
        + (f.HasFlag(FormatFlags.Alternate) ? "#" : "") + (f.HasFlag(FormatFlags.Zero) ? "0" : "");
}
