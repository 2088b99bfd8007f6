using System.Collections.Immutable;
using System.Text;

namespace Stapper.Build;

/// <summary>How pass 4 runs a step of a kbuild recipe.</summary>
internal enum KbuildStepKind
{
    /// <summary>A command line run by sh in the build tree, as kbuild ran it.</summary>
    Shell,

    /// <summary>A gcc command pass 4 runs itself, with the kernel headers from a precompiled header.</summary>
    Compile,

    /// <summary>An object that is the same for every module of the tree (6.12's .module-common.o), copied from the recipe.</summary>
    CachedObject,

    /// <summary>A variable kbuild exports to its commands (objtool reads SRCARCH): Target is its name, Command its value.</summary>
    Environment,
}

/// <summary>
/// One of kbuild's commands for a module, with the module's directory as @DIR@ and its name as @MODULE@.
/// A compile's PchPrefix is what its precompiled header reads after kbuild's forced includes.
/// </summary>
internal sealed record KbuildStep(KbuildStepKind Kind, string Target, string Command, string PchPrefix = "")
{
    public const string DirectoryMark = "@DIR@";
    public const string ModuleMark = "@MODULE@";

    /// <summary>kbuild's pahole step, which writes the module's BTF from its DWARF.</summary>
    public bool MakesBtf => Kind == KbuildStepKind.Shell && Command.Contains("pahole -J", StringComparison.Ordinal);

    public string Expand(string directory, string module) =>
        Command.Replace(DirectoryMark, directory, StringComparison.Ordinal).Replace(ModuleMark, module, StringComparison.Ordinal);
}

/// <summary>
/// kbuild's commands for one module shape (Makefile) in one kernel build tree, captured from the .cmd files of a
/// kbuild run (RecipeCapture) and replayed for later modules (RecipeReplay), kept in the recipe's own directory.
/// </summary>
internal sealed record KbuildRecipe(string Directory, ImmutableArray<KbuildStep> Steps)
{
    private const string Header = "stapper-kbuild-recipe-v3";
    public const string FileName = "recipe";

    /// <summary>The steps as saved: part of every replayed module's cache key.</summary>
    public string Text
    {
        get
        {
            var sb = new StringBuilder(Header).Append('\n');
            foreach (var step in Steps)
            {
                sb.Append(step.Kind).Append('\t').Append(step.Target).Append('\t').Append(step.Command).Append('\t')
                  .Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(step.PchPrefix))).Append('\n');
            }
            return sb.ToString();
        }
    }

    public string CachedObject(string target) => Path.Combine(Directory, "objects", target);

    /// <summary>The common part of modpost's NAME.mod.c for this tree (ModpostSource), when the capture could split it.</summary>
    public string ModCommon => Path.Combine(Directory, "mod-common.h");

    public IReadOnlyDictionary<string, string?> Environment =>
        Steps.Where(s => s.Kind == KbuildStepKind.Environment).ToDictionary(s => s.Target, s => (string?)s.Command);

    public static KbuildRecipe? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
        {
            return null;
        }
        var steps = ImmutableArray.CreateBuilder<KbuildStep>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var parts = line.Split('\t');
            if (parts.Length != 4 || !Enum.TryParse<KbuildStepKind>(parts[0], out var kind))
            {
                return null;
            }
            steps.Add(new KbuildStep(kind, parts[1], parts[2], Encoding.UTF8.GetString(Convert.FromBase64String(parts[3]))));
        }
        var recipe = new KbuildRecipe(directory, steps.ToImmutable());
        return recipe.Steps.Where(s => s.Kind == KbuildStepKind.CachedObject).All(s => File.Exists(recipe.CachedObject(s.Target))) ? recipe : null;
    }

    /// <summary>Writes the recipe file last and atomically, so a reader sees a whole recipe or none.</summary>
    public void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, FileName);
        var temp = AtomicFile.TempPath(path);
        File.WriteAllText(temp, Text);
        File.Move(temp, path, true);
    }
}
