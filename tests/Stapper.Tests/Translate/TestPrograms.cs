using System.Collections.Immutable;
using Stapper.Build;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>Hand-built bound trees (pass 2 is written elsewhere) and helpers to translate and build them.</summary>
internal sealed class B
{
    public readonly SourceFile File;

    public B(string text = "probe begin { }\n", string path = "t.stp")
    {
        File = new SourceFile(path, text);
    }

    /// <summary>A span at the first occurrence of needle (or the start).</summary>
    public SourceSpan At(string needle = "")
    {
        var i = needle.Length == 0 ? 0 : File.Text.IndexOf(needle, StringComparison.Ordinal);
        if (i < 0)
        {
            i = 0;
        }
        return new SourceSpan(File, i, i + Math.Max(1, needle.Length));
    }

    public SourceSpan S => At();

    public BoundNumber N(long v) => new(v, S);
    public BoundString Str(string v) => new(v, S);
    public BoundLocal L(LocalVariable v) => new(v, S);
    public BoundGlobal G(GlobalVariable v) => new(v, S);
    public LocalVariable Local(string name, StapType t = StapType.Long) => new(name, t, S);

    public GlobalVariable Global(string name, StapType t = StapType.Long, StapType[]? keys = null, long max = 0, bool wrap = false, StatisticsSpec? stats = null, BoundLiteral? init = null) =>
        new(name, t, keys is null ? ImmutableArray<StapType>.Empty : [.. keys], max, wrap, init, stats, S);

    public BoundArrayElement E(GlobalVariable a, params BoundExpression[] keys) => new(a, [.. keys], S) { Token = $"identifier '{a.Name}'" };

    public BoundBinary Bin(BinaryOperator op, BoundExpression l, BoundExpression r, string token = "", string? at = null)
    {
        var type = op == BinaryOperator.Concatenate ? StapType.String : StapType.Long;
        return new BoundBinary(op, l, r, type, at is null ? S : At(at)) { Token = token };
    }

    public BoundAssignment Set(BoundVariable target, BoundExpression value, AssignmentOperator op = AssignmentOperator.Assign) =>
        new(op, target, value, op == AssignmentOperator.Aggregate ? StapType.Void : target.Type, S) { Token = "operator '='" };

    public BoundExpressionStatement X(BoundExpression e) => new(e, e.Span);

    public BoundBlock Block(params BoundStatement[] s) => new([.. s], S);

    public BoundPrint Printf(string format, params BoundExpression[] args) =>
        new(PrintKind.Printf, Format(format), null, [.. args], StapType.Void, S);

    public BoundPrint Println(params BoundExpression[] args) =>
        new(PrintKind.Println, [], null, [.. args], StapType.Void, S);

    public BoundPrint Print(params BoundExpression[] args) =>
        new(PrintKind.Print, [], null, [.. args], StapType.Void, S);

    /// <summary>A tiny printf format splitter for tests (flags, width, precision, conversion).</summary>
    public static ImmutableArray<FormatPiece> Format(string f)
    {
        var pieces = new List<FormatPiece>();
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] != '%')
            {
                text.Append(f[i]);
                continue;
            }
            i++;
            if (f[i] == '%')
            {
                text.Append('%');
                continue;
            }
            if (text.Length > 0)
            {
                pieces.Add(new FormatText(text.ToString()));
                text.Clear();
            }
            var flags = FormatFlags.None;
            for (; "-+ 0#".Contains(f[i]); i++)
            {
                flags |= f[i] switch { '-' => FormatFlags.LeftAlign, '+' => FormatFlags.Plus, ' ' => FormatFlags.Space, '0' => FormatFlags.Zero, _ => FormatFlags.Alternate };
            }
            int? width = null, prec = null;
            if (f[i] == '*') { width = -1; i++; }
            else { var s = i; while (char.IsDigit(f[i])) { i++; } if (i > s) { width = int.Parse(f[s..i]); } }
            if (f[i] == '.')
            {
                i++;
                if (f[i] == '*') { prec = -1; i++; }
                else { var s = i; while (char.IsDigit(f[i])) { i++; } prec = i > s ? int.Parse(f[s..i]) : 0; }
            }
            while (f[i] is 'l' or 'h') { i++; }
            pieces.Add(new FormatConversion(flags, width, prec, f[i]));
        }
        if (text.Length > 0)
        {
            pieces.Add(new FormatText(text.ToString()));
        }
        return [.. pieces];
    }

    public Probe Probe(int index, ProbeSite site, BoundBlock body, params LocalVariable[] locals) =>
        new(index, [site], body, [.. locals], S);

    public BeginSite Begin(long seq = 0) => new(seq, "begin", false, S);
    public EndSite End(long seq = 0) => new(seq, "end", false, S);
    public ErrorSite ErrorProbe(long seq = 0) => new(seq, "error", false, S);

    public static ElaboratedProgram Program(IEnumerable<GlobalVariable> globals, IEnumerable<ScriptFunction> functions, params Probe[] probes) =>
        new([.. globals], [.. functions], [.. probes], [], [], false);
}

internal static class Harness
{
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir, "Stapper.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("repo root not found");
    }

    public static string KernelRelease { get; } =
        Directory.GetDirectories("/lib/modules").Select(Path.GetFileName).OfType<string>()
            .Where(d => Directory.Exists($"/lib/modules/{d}/build")).OrderBy(d => d, StringComparer.Ordinal).FirstOrDefault() ?? "";

    public static bool HaveKernel => KernelRelease.Length > 0;

    public static ModuleSource Translate(ElaboratedProgram program, string name = "stap_test", params (string, string)[] defines)
    {
        var options = new TranslateOptions(name, [.. defines.Select(d => new KeyValuePair<string, string>(d.Item1, d.Item2))],
            Path.Combine(RepoRoot, "runtime"), Path.Combine(RepoRoot, "templates"));
        var source = new TranslatePass().Run(program, options);
        Assert.Empty(source.Diagnostics);
        return source;
    }

    public static ModuleFile Build(ModuleSource source, string? cache = null)
    {
        var options = new BuildOptions($"/lib/modules/{KernelRelease}/build", KernelRelease,
            cache ?? Path.Combine(Path.GetTempPath(), "stapper-test-cache", "modules"), false, 0);
        return new BuildPass().Run(source, options);
    }

    /// <summary>Builds, asserts no errors or warnings, and copies the .ko to STAPPER_KO_DIR when set (for VM runs).</summary>
    public static string BuildClean(ModuleSource source)
    {
        var result = Build(source);
        Assert.True(result.Path is not null, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        var dir = Environment.GetEnvironmentVariable("STAPPER_KO_DIR");
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
            System.IO.File.Copy(result.Path!, Path.Combine(dir, source.ModuleName + ".ko"), true);
            System.IO.File.WriteAllText(Path.Combine(dir, source.ModuleName + ".c"), source.Files[TranslatePass.SourceFileName]);
        }
        return result.Path!;
    }
}
