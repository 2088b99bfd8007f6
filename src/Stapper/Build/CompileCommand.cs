using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Stapper.Build;

/// <summary>
/// A kbuild gcc command taken apart: kbuild's forced includes (-include) and the module's names
/// (KBUILD_BASENAME, KBUILD_MODNAME) move into headers read after a precompiled header of the kernel headers, so
/// the same .gch serves every module of the tree. Those names appear in the kernel headers only inside macro
/// bodies, so defining them after the headers gives the same code. GCC itself refuses a .gch that does not
/// fit the options (-Winvalid-pch says why) and then reads the header text: same result, only slower.
/// </summary>
internal sealed record CompileCommand(string Compiler, IReadOnlyList<string> Options, IReadOnlyList<string> ForcedIncludes,
    IReadOnlyList<(string Name, string Value)> Names, string Output, string Source)
{
    private static readonly string[] NameMacros = ["KBUILD_BASENAME", "KBUILD_MODNAME", "__KBUILD_MODNAME"];

    public static CompileCommand? Parse(string command)
    {
        if (ShellWords.Split(command) is not { Count: > 1 } words)
        {
            return null;
        }
        var options = new List<string>();
        var forced = new List<string>();
        var names = new List<(string, string)>();
        string? output = null;
        string? source = null;
        for (var i = 1; i < words.Count; i++)
        {
            var w = words[i];
            if (w.StartsWith("-Wp,-MMD,", StringComparison.Ordinal) || w.StartsWith("-Wp,-MD,", StringComparison.Ordinal) || w == "-c")
            {
                continue;
            }
            if (w is "-include" or "-o" && i + 1 < words.Count)
            {
                (w == "-o" ? (Action<string>)(o => output = o) : forced.Add)(words[++i]);
                continue;
            }
            if (NameMacros.FirstOrDefault(m => w.StartsWith("-D" + m + "=", StringComparison.Ordinal)) is { } macro)
            {
                names.Add((macro, w[(macro.Length + 3)..]));
                continue;
            }
            if (i == words.Count - 1 && w.EndsWith(".c", StringComparison.Ordinal) && !w.StartsWith('-'))
            {
                source = w;
                continue;
            }
            options.Add(w);
        }
        return output is null || source is null ? null : new CompileCommand(words[0], options, forced, names, output, source);
    }

    /// <summary>The header the .gch is made from: kbuild's forced includes, then the step's own headers.</summary>
    public string PchHeader(string prefix) =>
        string.Concat(ForcedIncludes.Select(f => $"#include \"{f}\"\n")) + prefix;

    /// <summary>
    /// The .gch for these options and header, made once (named by a hash of the step's command as captured, the
    /// header and the files the header names by path) in the recipe's directory; the header's path, and whether
    /// gcc made its .gch.
    /// </summary>
    public (string Header, bool Precompiled) EnsurePch(string recipeDirectory, string capturedCommand, string prefix, string buildDirectory)
    {
        var header = PchHeader(prefix);
        var sha = new Sha256();
        sha.Append(Encoding.UTF8.GetBytes(capturedCommand + "\0" + header));
        foreach (var line in header.Split('\n').Where(l => l.StartsWith("#include \"/", StringComparison.Ordinal)))
        {
            var path = line["#include \"".Length..^1];
            sha.Append(File.Exists(path) ? File.ReadAllBytes(path) : [0]);
        }
        var hash = Convert.ToHexStringLower(sha.Finish())[..24];
        var dir = Path.Combine(recipeDirectory, "pch");
        var path2 = Path.Combine(dir, $"kernel-{hash}.h");
        if (File.Exists(path2 + ".gch"))
        {
            return (path2, true);
        }
        Directory.CreateDirectory(dir);
        var headerTemp = AtomicFile.TempPath(path2);
        File.WriteAllText(headerTemp, header);
        File.Move(headerTemp, path2, true);
        var temp = AtomicFile.TempPath(path2 + ".gch");
        var result = CliWrap.Cli.Wrap(Compiler).WithArguments([.. Options, "-x", "c-header", "-o", temp, path2])
            .WithWorkingDirectory(buildDirectory).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync().GetAwaiter().GetResult();
        if (result.ExitCode != 0 || !File.Exists(temp))
        {
            File.Delete(temp);
            return (path2, false);
        }
        File.Move(temp, path2 + ".gch", true);
        return (path2, true);
    }

    /// <summary>
    /// The compiler's arguments: the options, the precompiled header, the names header, the common part of modpost's
    /// NAME.mod.c when the recipe compiles it here (ModpostSource), then -c -o OUT SRC. Without
    /// debugInfo, -g1 follows the options: full DWARF is a third of a big module's compile; -g1 keeps line tables,
    /// and the CFI some kernel headers' asm emits stays in .debug_frame, not an .eh_frame objtool rejects.
    /// </summary>
    public IReadOnlyList<string> Arguments(string pchHeader, string namesHeader, bool debugInfo = true, string? modCommon = null) =>
        [.. Options, .. debugInfo ? Array.Empty<string>() : ["-g1"], "-Winvalid-pch", "-include", pchHeader, "-include", namesHeader,
            .. modCommon is null ? Array.Empty<string>() : ["-include", modCommon], "-c", "-o", Output, Source];

    public string NamesHeader() =>
        string.Concat(Names.Select(n => $"#define {n.Name} {n.Value}\n"));
}
