using System.Text;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;

namespace Stapper.Build;

/// <summary>What a replay gave: the module, or the failed step's output (CompileFailed: the compiler's own errors).</summary>
internal sealed record ReplayResult(bool Built, bool CompileFailed, string FailedStep, string Output);

/// <summary>
/// Runs a KbuildRecipe for a module written to a directory: kbuild's own commands in kbuild's order, in the build
/// tree, without make. The compiles read the kernel headers from a precompiled header (CompileCommand). Without
/// debugInfo they run at -g1 (the cache keeps modules stripped of DWARF anyway; -g never changes GCC's code, and a
/// .gch made with -g serves a -g1 compile), and the step that turns DWARF types into module BTF is left out.
/// </summary>
internal static partial class RecipeReplay
{
    public static ReplayResult Run(KbuildRecipe recipe, string work, string module, string buildDirectory, bool debugInfo)
    {
        try
        {
            return Steps(recipe, work, module, buildDirectory, debugInfo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A recipe file gone or unreadable (another stapper replacing it): kbuild builds this one.
            return new ReplayResult(false, false, "the recipe's files", e.Message);
        }
    }

    private static ReplayResult Steps(KbuildRecipe recipe, string work, string module, string buildDirectory, bool debugInfo)
    {
        var output = new StringBuilder();
        // The common part of NAME.mod.c goes into the module's own compile (ModpostSource).
        var modCommon = File.Exists(recipe.ModCommon) ? recipe.ModCommon : null;
        foreach (var step in recipe.Steps)
        {
            var command = step.Expand(work, module);
            var target = step.Target.Replace(KbuildStep.ModuleMark, module, StringComparison.Ordinal);
            BufferedCommandResult result;
            switch (step.Kind)
            {
                case KbuildStepKind.Environment:
                    continue;
                case KbuildStepKind.Shell when !debugInfo && step.MakesBtf:
                    continue;
                case KbuildStepKind.CachedObject:
                    File.Copy(recipe.CachedObject(step.Target), Path.Combine(work, step.Target), true);
                    continue;
                case KbuildStepKind.Compile when modCommon is not null && target == module + ".mod.o" && CompileCommand.Parse(command) is { } modCompile:
                    if (CompilePerModulePart(recipe, work, module, modCommon, modCompile, buildDirectory, debugInfo) is { } failed)
                    {
                        return failed;
                    }
                    continue;
                case KbuildStepKind.Compile when CompileCommand.Parse(command) is { } compile:
                    var (pch, _) = compile.EnsurePch(recipe.Directory, step.Command, step.PchPrefix, buildDirectory);
                    var names = Path.Combine(work, "." + target + ".names.h");
                    File.WriteAllText(names, compile.NamesHeader());
                    result = Execute(compile.Compiler, compile.Arguments(pch, names, debugInfo, modCommon), buildDirectory, recipe.Environment);
                    // modpost opens each object's .cmd (for a srcversion, which only MODULE_VERSION modules get).
                    File.WriteAllText(Path.Combine(Path.GetDirectoryName(compile.Output)!, "." + Path.GetFileName(compile.Output) + ".cmd"),
                        $"savedcmd_{compile.Output} := {command}\n");
                    break;
                default:
                    result = Shell(command, buildDirectory, recipe.Environment);
                    break;
            }
            output.Append(result.StandardOutput).Append(result.StandardError);
            if (result.ExitCode != 0)
            {
                return new ReplayResult(false, step.Kind == KbuildStepKind.Compile, target, output.ToString());
            }
        }
        var built = File.Exists(Path.Combine(work, module + ".ko"));
        return new ReplayResult(built, false, built ? "" : module + ".ko", output.ToString());
    }

    /// <summary>
    /// NAME.mod.o from the rest of modpost's NAME.mod.c, compiled without the kernel headers (ModpostSource); a
    /// failed step when the file is not the captured common part and that rest (then kbuild builds the module, and
    /// captures the tree again).
    /// </summary>
    private static ReplayResult? CompilePerModulePart(KbuildRecipe recipe, string work, string module, string modCommon,
        CompileCommand compile, string buildDirectory, bool debugInfo)
    {
        var target = module + ".mod.o";
        var modC = Path.Combine(work, module + ".mod.c");
        var split = File.Exists(modC) ? ModpostSource.Split(File.ReadAllText(modC)) : null;
        if (split is null || split.Value.Common != File.ReadAllText(modCommon) || ModpostSource.PerModuleSource(split.Value.PerModule) is not { } text)
        {
            return new ReplayResult(false, false, target, $"modpost's {module}.mod.c is not the captured common part and symbol versions");
        }
        var source = Path.Combine(work, module + ".versions.c");
        File.WriteAllText(source, text);
        var result = Execute(compile.Compiler, [.. compile.Options, .. debugInfo ? Array.Empty<string>() : ["-g1"], "-c", "-o", compile.Output, source],
            buildDirectory, recipe.Environment);
        return result.ExitCode == 0 ? null : new ReplayResult(false, false, target, result.StandardOutput + result.StandardError);
    }

    /// <summary>
    /// A step's command: run directly when it is plain words (objtool, ld), else by sh, as kbuild runs it. kbuild's
    /// final link ends in "; true" (where a BTF step may follow), so that link's own status never fails the step.
    /// </summary>
    private static BufferedCommandResult Shell(string command, string directory, IReadOnlyDictionary<string, string?> environment)
    {
        var trueTail = TrueTail().Match(command);
        var words = ShellWords.Split(trueTail.Success ? command[..trueTail.Index] : command);
        if (words is not { Count: > 0 } || words[0].Contains('=', StringComparison.Ordinal))
        {
            return Execute("/bin/sh", ["-c", command], directory, environment);
        }
        // A relative program path (./tools/objtool/objtool) is the build tree's, as for sh run there.
        var program = words[0].Contains('/', StringComparison.Ordinal) ? Path.Combine(directory, words[0]) : words[0];
        BufferedCommandResult result;
        try
        {
            result = Execute(program, words.Skip(1), directory, environment);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not found or not runnable: sh says so in its own words, and the step fails as kbuild's would.
            return Execute("/bin/sh", ["-c", command], directory, environment);
        }
        return trueTail.Success ? new BufferedCommandResult(0, result.StartTime, result.ExitTime, result.StandardOutput, result.StandardError) : result;
    }

    [GeneratedRegex(@";\s*true\s*$")]
    private static partial Regex TrueTail();

    private static BufferedCommandResult Execute(string program, IEnumerable<string> arguments, string directory,
        IReadOnlyDictionary<string, string?> environment) =>
        CliWrap.Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(directory).WithEnvironmentVariables(environment)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();
}
