using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Elaborate.Optimize;
using Stapper.Parse;

namespace Stapper.Tests.Elaborate.Optimizer;

/// <summary>
/// The optimizer's inputs built from a script elaborated with -u (nothing elided), so VariableUse and
/// DeadCodeElider run directly on real bound trees rather than through the CLI.
/// </summary>
internal sealed class OptimizerInput
{
    private OptimizerInput(ElaboratedProgram program)
    {
        Program = program;
        Functions = program.Functions.ToDictionary(FunctionKey.Of, f => new OptimizedFunction(
            f.Name, f.Parameters.Length, [.. f.Parameters.Select(p => p.Name)], f.Locals, f.Body, f.Embedded, !f.FromTapset, f.NameSpan));
        Probes = [.. program.Probes.Select((p, i) => new OptimizedProbe(new ProbeKey(p.Span, i), p.Sites[0].Name, p.Locals, p.Body))];
        Globals = [.. program.Globals.Select(g => new OptimizedGlobal(g.Name, g.Initializer is not null, true, g.Span))];
    }

    public ElaboratedProgram Program { get; }
    public Dictionary<FunctionKey, OptimizedFunction> Functions { get; }
    public List<OptimizedProbe> Probes { get; }
    public List<OptimizedGlobal> Globals { get; }

    public static OptimizerInput Of(string script, bool guru = false)
    {
        var context = new PreprocessorContext("6.1.0-test-amd64", "x86_64", guru, [], _ => null);
        var parse = new ParsePass().Run(new ParseInput(new SourceFile("t.stp", script), [], context));
        Assert.Empty(parse.Diagnostics);
        var options = new ElaborateOptions(guru, [], new Lazy<IKernelSymbols?>(() => null)) { Unoptimized = true };
        var result = new ElaboratePass().Run(parse, options);
        var renderer = new DiagnosticRenderer();
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(renderer.Render));
        return new OptimizerInput(result.Program!);
    }

    public OptimizedFunction? Callee(BoundCall call) => Functions.GetValueOrDefault(FunctionKey.Of(call));

    public DeadCodeElider Elider(bool unoptimized = false) =>
        new(Probes, Functions, Globals, span => span.File.Path == "t.stp") { Unoptimized = unoptimized };

    /// <summary>The first line of each warning, as stap prints it.</summary>
    public static string[] Headlines(IEnumerable<Diagnostic> warnings)
    {
        var renderer = new DiagnosticRenderer();
        return [.. warnings.Select(w => renderer.Render(w).Split('\n')[0])];
    }
}
