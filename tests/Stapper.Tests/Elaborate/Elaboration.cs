using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Tests.Elaborate;

/// <summary>Parses a script (and tapsets) and elaborates it, for the pass-2 tests.</summary>
internal static class Elaboration
{
    public static ElaborationResult Run(string script, params (string Name, string Text)[] tapsets) =>
        Run(script, null, tapsets);

    /// <summary>-c CMD as the driver passes it: the command, and its program as the runner's wordexp splits it.</summary>
    public static ElaborateOptions WithTargetCommand(this ElaborateOptions options, string command) =>
        Stapper.Run.TargetWords.Program(command) is var (program, invalid)
            ? options with { TargetCommand = command, TargetProgram = new TargetProgram(program, invalid) }
            : options;

    public static ElaborationResult Run(string script, IKernelSymbols? kernel, params (string Name, string Text)[] tapsets) =>
        Run(script, kernel, o => o, tapsets);

    public static ElaborationResult Run(string script, IKernelSymbols? kernel, Func<ElaborateOptions, ElaborateOptions> options,
        params (string Name, string Text)[] tapsets) => RunAt("5.2", script, kernel, options, tapsets);

    /// <summary>As <see cref="Run(string, IKernelSymbols?, Func{ElaborateOptions, ElaborateOptions}, ValueTuple{string, string}[])"/>
    /// at language version <paramref name="compatible"/> (--compatible).</summary>
    public static ElaborationResult RunAt(string compatible, string script, IKernelSymbols? kernel, Func<ElaborateOptions, ElaborateOptions> options,
        params (string Name, string Text)[] tapsets)
    {
        var context = new PreprocessorContext("6.1.0-test-amd64", "x86_64", false, [], _ => null, compatible);
        var parse = new ParsePass().Run(new ParseInput(new SourceFile("t.stp", script),
            [.. tapsets.Select(t => new SourceFile(t.Name, t.Text))], context));
        Assert.Empty(parse.Diagnostics);
        return new ElaboratePass().Run(parse, options(new ElaborateOptions(false, [], new Lazy<IKernelSymbols?>(kernel))));
    }

    public static ElaboratedProgram Program(string script, params (string Name, string Text)[] tapsets)
    {
        var result = Run(script, tapsets);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return result.Program!;
    }

    public static string Errors(string script, params (string Name, string Text)[] tapsets)
    {
        var renderer = new DiagnosticRenderer();
        return string.Concat(Run(script, tapsets).Diagnostics.Select(renderer.Render));
    }
}

internal sealed class FakeKernel(params string[] functions) : IKernelSymbols
{
    public bool HasFunction(string name) => functions.Contains(name);

    public IEnumerable<string> FunctionsMatching(string glob) =>
        functions.Where(f => Glob.Match(glob, f));

    /// <summary>The -dbg vmlinux's clone symbols by function name; null: no -dbg vmlinux.</summary>
    public Dictionary<string, string[]>? Clones { get; init; }

    public IReadOnlyList<string>? ClonesOf(string name, string? module) =>
        Clones is null || module is not null ? null : Clones.GetValueOrDefault(name) ?? [];

    /// <summary>The -dbg vmlinux's declarations (FILE:LINE) and entries by function name; null: no -dbg vmlinux.</summary>
    public Dictionary<string, (string FileLine, ulong Pc)>? Declared { get; init; }

    public DeclaredFunction? DeclaredAt(string name, string? module) =>
        module is null && Declared?.GetValueOrDefault(name) is ({ } fileLine, var pc) ? new DeclaredFunction(fileLine, pc) : null;

    public ulong? TextStart { get; init; }
}
