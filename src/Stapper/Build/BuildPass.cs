using System.Collections.Immutable;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Stapper.Diagnostics;
using Stapper.Translate;

namespace Stapper.Build;

/// <summary>
/// Pass 4: kbuild of the generated module against the kernel's build tree, with a cache keyed by
/// everything that goes into the .ko (generated files, runtime headers, kernel, compiler, feature tests).
/// </summary>
public sealed class BuildPass
{
    public const string AutoconfFileName = "stp_autoconf.h";

    public ModuleFile Run(ModuleSource source, BuildOptions options)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var autoconf = KernelFeatures.Probe(options.KernelBuildDirectory, source.Features);
        var makefile = source.Files.GetValueOrDefault("Makefile", "");
        var recipeDir = Path.Combine(options.RecipeRoot, RecipeKey.For(options, makefile, source.ModuleName, CompilerIdentity.Version(CacheRoot(options))));
        // -B arguments are not in the captured commands: such builds always go through kbuild.
        var replayable = options.Replay && options.KbuildArguments.IsEmpty;
        var recipe = replayable ? KbuildRecipe.Load(recipeDir) : null;
        var cached = Path.Combine(options.CacheDirectory, CacheKey(source, options, autoconf, recipe), source.ModuleName + ".ko");
        if (options.Cache == CacheUse.Normal && File.Exists(cached))
        {
            return new ModuleFile(cached, true, diagnostics.ToImmutable(), recipe is null ? "kbuild" : "replay");
        }

        var work = options.TemporaryDirectory is { } parent
            ? Directory.CreateDirectory(Path.Combine(parent, "stapper-build-" + Path.GetRandomFileName())).FullName
            : Directory.CreateTempSubdirectory("stapper-build-").FullName;
        var keepWork = false;
        try
        {
            foreach (var (name, text) in source.Files)
            {
                File.WriteAllText(Path.Combine(work, name), text);
            }
            File.WriteAllText(Path.Combine(work, AutoconfFileName), autoconf);

            string route;
            string output;
            var built = Path.Combine(work, source.ModuleName + ".ko");
            var replay = recipe is null ? null : RecipeReplay.Run(recipe, work, source.ModuleName, options.KernelBuildDirectory, options.KeepTemporary);
            if (replay is { Built: true } || replay is { CompileFailed: true })
            {
                route = $"replay of kbuild's commands ({recipeDir})";
                output = replay.Output;
            }
            else
            {
                route = replay is null
                    ? replayable ? "kbuild (no commands captured for this build tree yet)" : "kbuild (replay off)"
                    : $"kbuild (the replay failed at {replay.FailedStep}: {replay.Output.Trim().Split('\n')[^1]})";
                recipe = null;
                if (replayable)
                {
                    File.AppendAllText(Path.Combine(work, "Makefile"), RecipeCapture.EnvironmentProbe);
                }
                var result = CliWrap.Cli.Wrap("make")
                    .WithArguments(["-C", options.KernelBuildDirectory, "M=" + work, "V=1", .. options.KbuildArguments, "modules"])
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync()
                    .GetAwaiter().GetResult();
                // V=1 echoes the commands on stdout (the BTF step is read from there); the compiler writes to stderr.
                output = result.StandardError;
                if (result.ExitCode == 0 && File.Exists(built) && replayable)
                {
                    route += "; " + CaptureRecipe(source, options, work, recipeDir, result.StandardOutput, out recipe);
                }
            }
            var (messages, pchNotes) = CompilerMessages(output);
            if (pchNotes.Length > 0)
            {
                route += "; precompiled header not used: " + pchNotes;
            }
            if (!File.Exists(built) || replay is { CompileFailed: true })
            {
                diagnostics.Add(new Diagnostic(Severity.Error, "build.compile", "error", "compilation failed\n" + messages, null));
                return new ModuleFile(null, false, diagnostics.ToImmutable(), route);
            }
            if (messages.Contains("warning:", StringComparison.Ordinal))
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, "build.compiler-warning", "WARNING", "compiler warnings\n" + messages, null));
            }
            if (options.Cache == CacheUse.Disabled)
            {
                // Nothing goes to the cache: the module stays in its build directory, which the caller removes.
                keepWork = true;
                return new ModuleFile(built, false, diagnostics.ToImmutable(), route);
            }
            cached = Path.Combine(options.CacheDirectory, CacheKey(source, options, autoconf, recipe), source.ModuleName + ".ko");
            Store(built, cached, source);
            return new ModuleFile(cached, false, diagnostics.ToImmutable(), route);
        }
        finally
        {
            if (!options.KeepTemporary && !keepWork)
            {
                try
                {
                    Directory.Delete(work, true);
                }
                catch (IOException)
                {
                }
            }
            else if (options.KeepTemporary)
            {
                Console.Error.WriteLine($"Keeping temporary directory \"{work}\"");
            }
        }
    }

    /// <summary>The recipe of this kbuild run, saved for the next builds; what happened, for -v.</summary>
    private static string CaptureRecipe(ModuleSource source, BuildOptions options, string work, string recipeDir, string echo, out KbuildRecipe? recipe)
    {
        try
        {
            recipe = RecipeCapture.Capture(work, source.ModuleName, Path.ChangeExtension(TranslatePass.SourceFileName, ".o"),
                source.RuntimeDirectory, options.KernelBuildDirectory, recipeDir, echo, out var whyNot);
            if (recipe is null)
            {
                return $"its commands cannot be replayed: {whyNot}";
            }
            PrecompileHeaders(recipe, options.KernelBuildDirectory);
            recipe.Save();
            return "captured its commands for the next builds";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The module kbuild built is still good; only the next builds lose the replay.
            recipe = null;
            return $"its commands were not saved: {e.Message}";
        }
    }

    /// <summary>Makes the recipe's precompiled headers now, while the first build of the tree pays for kbuild anyway.</summary>
    private static void PrecompileHeaders(KbuildRecipe recipe, string buildDirectory)
    {
        foreach (var step in recipe.Steps.Where(s => s.Kind == KbuildStepKind.Compile))
        {
            CompileCommand.Parse(step.Expand("/nonexistent", "stapper_module"))?.EnsurePch(recipe.Directory, step.Command, step.PchPrefix, buildDirectory);
        }
    }

    /// <summary>
    /// Into the cache without debug info (the module loads and runs the same; -k keeps the full one in the
    /// temporary directory), written under a temporary name and renamed, so readers never see half a module.
    /// </summary>
    private static void Store(string built, string cached, ModuleSource source)
    {
        var cacheDir = Path.GetDirectoryName(cached)!;
        Directory.CreateDirectory(cacheDir);
        var temp = AtomicFile.TempPath(cached);
        var strip = CliWrap.Cli.Wrap("strip").WithArguments(["--strip-debug", "-o", temp, built])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();
        if (strip.ExitCode != 0 || !File.Exists(temp))
        {
            File.Copy(built, temp, true);
        }
        File.Move(temp, cached, true);
        foreach (var (name, text) in source.Files)
        {
            File.WriteAllText(Path.Combine(cacheDir, name), text);
        }
    }

    /// <summary>The compiler's lines, without make's chatter.</summary>
    private static (string Messages, string PchNotes) CompilerMessages(string output)
    {
        var lines = output.Split('\n').Where(l => !l.StartsWith("make", StringComparison.Ordinal) && l.Trim().Length > 0).ToList();
        var pch = lines.Where(l => l.Contains("[-Winvalid-pch]", StringComparison.Ordinal)).ToList();
        return (string.Join('\n', lines.Except(pch)), string.Join("; ", pch));
    }

    internal static string CacheKey(ModuleSource source, BuildOptions options, string autoconf, KbuildRecipe? recipe)
    {
        var sha = new Sha256();
        void Add(string s)
        {
            sha.Append(Encoding.UTF8.GetBytes(s));
            sha.Append([0]);
        }
        Add("stapper-module-v2");
        // The commands that build it: a replayed module's key holds the captured recipe, kbuild's says so.
        Add(recipe?.Text ?? "kbuild");
        Add(recipe is not null && File.Exists(recipe.ModCommon) ? File.ReadAllText(recipe.ModCommon) : "");
        // A replay keeps DWARF (and so module BTF) only for -k; kbuild always does.
        Add(recipe is not null && !options.KeepTemporary ? "g1" : "g");
        Add(source.ModuleName);
        foreach (var (name, text) in source.Files)
        {
            Add(name);
            Add(text);
        }
        DirectoryDigest.Append(sha, source.RuntimeDirectory);
        Add(options.KernelRelease);
        Add(Path.GetFullPath(options.KernelBuildDirectory));
        Add(CompilerIdentity.Version(CacheRoot(options)));
        Add(autoconf);
        foreach (var argument in options.KbuildArguments)
        {
            Add(argument);
        }
        return Convert.ToHexStringLower(sha.Finish());
    }

    /// <summary>Stapper's cache directory: the module cache and the recipes are beside each other in it.</summary>
    private static string CacheRoot(BuildOptions options) => Path.GetDirectoryName(options.RecipeRoot)!;
}
