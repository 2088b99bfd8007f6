using System.Text;
using System.Text.RegularExpressions;

namespace Stapper.Build;

/// <summary>
/// Names a kbuild recipe: the build tree (path, release, the files that change its commands: config, symbol
/// versions, Makefile, modpost, objtool), the compiler, and the module's Makefile with the module name as a mark
/// (so -D options or another runtime directory get their own recipe).
/// </summary>
internal static class RecipeKey
{
    /// <summary>Also the build tree's identity for the translation cache (Cli/TranslationKey).</summary>
    internal static readonly string[] TreeFiles =
    [
        "Makefile", "Module.symvers", ".config", "include/generated/autoconf.h", "include/config/auto.conf",
        "include/generated/utsrelease.h", "scripts/mod/modpost", "tools/objtool/objtool", "vmlinux",
    ];

    public static string For(BuildOptions options, string makefile, string module, string compilerVersion)
    {
        var sb = new StringBuilder("stapper-kbuild-recipe-v2\0");
        var tree = Path.GetFullPath(options.KernelBuildDirectory);
        sb.Append(tree).Append('\0').Append(options.KernelRelease).Append('\0').Append(compilerVersion).Append('\0');
        foreach (var file in TreeFiles)
        {
            var info = new FileInfo(Path.Combine(tree, file));
            sb.Append(file).Append(info.Exists ? $" {info.Length} {info.LastWriteTimeUtc.Ticks}" : " -").Append('\0');
        }
        sb.Append(Regex.Replace(makefile, $"(?<![A-Za-z0-9_]){Regex.Escape(module)}(?![A-Za-z0-9_])", KbuildStep.ModuleMark));
        return Sha256.Hex(sb.ToString())[..32];
    }
}
