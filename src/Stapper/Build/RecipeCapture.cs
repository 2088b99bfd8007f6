using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Stapper.Build;

/// <summary>
/// Turns the .cmd files a kbuild run (make V=1) left in a module's directory into a KbuildRecipe: each command
/// with the directory and module name made marks, in kbuild's order. The module BTF step (pahole, resolve_btfids:
/// only where the build tree has a vmlinux) is not in a .cmd file, so it is taken from make's echo of it. Any
/// step it does not know gives no recipe and the reason.
/// </summary>
internal static class RecipeCapture
{
    private const string M = KbuildStep.ModuleMark;

    /// <summary>The variables kbuild exports that its tools read; the capture's Makefile echoes them (EnvironmentProbe).</summary>
    private static readonly string[] Exported = ["SRCARCH", "ARCH", "srctree", "objtree"];
    private const string EnvironmentEcho = "stapper-kbuild-env: ";

    /// <summary>Appended to the module's Makefile for the capturing kbuild run: make prints each exported variable.</summary>
    public static string EnvironmentProbe =>
        string.Concat(Exported.Select(v => $"$(info {EnvironmentEcho}{v}=$({v}))\n"));

    public static KbuildRecipe? Capture(string work, string module, string objectName, string runtimeDirectory,
        string buildDirectory, string recipeDirectory, string kbuildEcho, out string whyNot)
    {
        var roles = new Dictionary<string, (int Order, KbuildStepKind Kind, string Target)>(StringComparer.Ordinal)
        {
            [$".{module}.mod.cmd"] = (1, KbuildStepKind.Shell, $"{M}.mod"),
            [$".{objectName}.cmd"] = (2, KbuildStepKind.Compile, objectName),
            [$".{module}.o.cmd"] = (4, KbuildStepKind.Shell, $"{M}.o"),
            [".modules.order.cmd"] = (5, KbuildStepKind.Shell, "modules.order"),
            [".Module.symvers.cmd"] = (6, KbuildStepKind.Shell, "Module.symvers"),
            [$".{module}.mod.o.cmd"] = (7, KbuildStepKind.Compile, $"{M}.mod.o"),
            ["..module-common.o.cmd"] = (9, KbuildStepKind.CachedObject, ".module-common.o"),
            [$".{module}.ko.cmd"] = (10, KbuildStepKind.Shell, $"{M}.ko"),
        };
        var found = new List<(int Order, KbuildStep Step)>();
        foreach (var file in Directory.GetFiles(work, ".*.cmd").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!roles.TryGetValue(name, out var role))
            {
                whyNot = $"kbuild ran a step pass 4 does not know ({name})";
                return null;
            }
            var command = SavedCommand(file);
            if (command is null)
            {
                whyNot = $"no command in {name}";
                return null;
            }
            var normalized = Normalize(command, work, module);
            if (normalized is null)
            {
                whyNot = $"the module name is ambiguous in {name}";
                return null;
            }
            if (role.Kind == KbuildStepKind.Compile)
            {
                // The compile runs objtool after it (`gcc ...; objtool ...`): the tail stays a shell step.
                var semicolon = normalized.IndexOf(';', StringComparison.Ordinal);
                var compile = semicolon < 0 ? normalized : normalized[..semicolon];
                var prefix = role.Target == objectName
                    ? $"#include \"{Path.Combine(Path.GetFullPath(runtimeDirectory), "stp_kernel.h")}\"\n"
                    : ModinfoPrefix(Path.Combine(work, module + ".mod.c"));
                found.Add((role.Order, new KbuildStep(KbuildStepKind.Compile, role.Target, compile.Trim(), prefix)));
                if (semicolon >= 0 && normalized[(semicolon + 1)..].Trim().Length > 0)
                {
                    found.Add((role.Order + 1, new KbuildStep(KbuildStepKind.Shell, role.Target, normalized[(semicolon + 1)..].Trim())));
                }
            }
            else
            {
                found.Add((role.Order, new KbuildStep(role.Kind, role.Target, normalized)));
            }
        }
        // make reads the Makefile more than once (build, modpost), so each variable is echoed more than once.
        var echoed = Regex.Matches(kbuildEcho, $@"^{EnvironmentEcho}(\w+)=(.*)$", RegexOptions.Multiline).DistinctBy(m => m.Groups[1].Value);
        foreach (var variable in echoed)
        {
            found.Add((0, new KbuildStep(KbuildStepKind.Environment, variable.Groups[1].Value, variable.Groups[2].Value.Trim())));
        }
        if (File.Exists(Path.Combine(buildDirectory, "vmlinux")))
        {
            var btf = Regex.Match(kbuildEcho, @"else (LLVM_OBJCOPY=[^\n]*pahole -J [^\n]*?); fi;");
            if (!btf.Success || Normalize(btf.Groups[1].Value, work, module) is not { } btfCommand)
            {
                whyNot = "the build tree has a vmlinux, but make showed no BTF step";
                return null;
            }
            found.Add((11, new KbuildStep(KbuildStepKind.Shell, $"{M}.ko", btfCommand)));
        }
        foreach (var required in new[] { objectName, "Module.symvers", $"{M}.mod.o", $"{M}.ko" })
        {
            if (!found.Any(f => f.Step.Target == required))
            {
                whyNot = $"kbuild left no command for {required}";
                return null;
            }
        }
        var recipe = new KbuildRecipe(recipeDirectory, [.. found.OrderBy(f => f.Order).Select(f => f.Step)]);
        foreach (var step in recipe.Steps.Where(s => s.Kind == KbuildStepKind.CachedObject))
        {
            var target = recipe.CachedObject(step.Target);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = AtomicFile.TempPath(target);
            File.Copy(Path.Combine(work, step.Target), temp, true);
            File.Move(temp, target, true);
        }
        SaveModCommon(recipe, Path.Combine(work, module + ".mod.c"), module);
        whyNot = "";
        return recipe;
    }

    /// <summary>
    /// The common part of kbuild's NAME.mod.c, when its rest is only symbol versions and modinfo lines and it never
    /// names the module but through KBUILD_MODNAME: replays compile it with the module's C (ModpostSource).
    /// </summary>
    private static void SaveModCommon(KbuildRecipe recipe, string modC, string module)
    {
        if (!File.Exists(modC) || ModpostSource.Split(File.ReadAllText(modC)) is not { } split
            || ModpostSource.PerModuleSource(split.PerModule) is null || split.Common.Contains(module, StringComparison.Ordinal))
        {
            return;
        }
        System.IO.Directory.CreateDirectory(recipe.Directory);
        var temp = AtomicFile.TempPath(recipe.ModCommon);
        File.WriteAllText(temp, split.Common);
        File.Move(temp, recipe.ModCommon, true);
    }

    /// <summary>The first line of a .cmd file, `cmd_TARGET := COMMAND` (`savedcmd_` since 6.2), make's escapes undone.</summary>
    internal static string? SavedCommand(string cmdFile)
    {
        var line = File.ReadLines(cmdFile).FirstOrDefault(l => l.StartsWith("cmd_", StringComparison.Ordinal) || l.StartsWith("savedcmd_", StringComparison.Ordinal));
        var assign = line?.IndexOf(" := ", StringComparison.Ordinal) ?? -1;
        return assign < 0 ? null : line![(assign + 4)..].Replace("$(pound)", "#", StringComparison.Ordinal).Replace("$$", "$", StringComparison.Ordinal).Trim();
    }

    /// <summary>
    /// The directory and module name as marks; null when the name also occurs where it is not the module's
    /// (a path in the directory, a quoted name, kmod_NAME), so replacing it back could change another word.
    /// </summary>
    internal static string? Normalize(string command, string work, string module)
    {
        var text = command.Replace(work.TrimEnd('/'), KbuildStep.DirectoryMark, StringComparison.Ordinal);
        // A whole word, or after kmod_ (-D__KBUILD_MODNAME=kmod_NAME).
        var word = new Regex($"(?:(?<=kmod_)|(?<![A-Za-z0-9_])){Regex.Escape(module)}(?![A-Za-z0-9_])", RegexOptions.CultureInvariant);
        var ok = true;
        text = word.Replace(text, m =>
        {
            var before = text[..m.Index];
            ok &= before.EndsWith(KbuildStep.DirectoryMark + "/", StringComparison.Ordinal) || before.EndsWith(KbuildStep.DirectoryMark + "/.", StringComparison.Ordinal)
                || before.EndsWith('"') || before.EndsWith("kmod_", StringComparison.Ordinal);
            return KbuildStep.ModuleMark;
        });
        return ok ? text : null;
    }

    /// <summary>The preprocessor lines modpost's NAME.mod.c starts with (its headers), for its precompiled header.</summary>
    private static string ModinfoPrefix(string modC)
    {
        if (!File.Exists(modC))
        {
            return "";
        }
        var lines = File.ReadLines(modC).TakeWhile(l => l.Length == 0 || l.StartsWith("#include ", StringComparison.Ordinal) || l.StartsWith("#define ", StringComparison.Ordinal));
        return string.Concat(lines.Where(l => l.Length > 0).Select(l => l + "\n"));
    }
}
