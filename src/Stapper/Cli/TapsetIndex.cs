using System.Collections.Immutable;
using System.Text;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Cli;

/// <summary>
/// The tapset library as pass 1's index (ParseInput.Library): each file's top-level declarations, kept in
/// $XDG_CACHE_HOME/stapper/tapsets by path, size and modification time, so a run reads and parses only the files
/// its script may use. A file whose stamp changed is scanned again; an unwritable cache only costs the scans.
/// </summary>
internal static class TapsetIndex
{
    /// <summary>The index's format, and the stapper that scanned it: a rebuilt stapper may scan differently.</summary>
    private static readonly string Header = "stapper-tapset-index-v1\t" + TranslationKey.StapperStamp;

    public static ImmutableArray<LibraryFile> Load(IEnumerable<string> extraDirectories) =>
        Load(extraDirectories, Path.Combine(Installation.CacheDirectory, "tapsets"));

    /// <summary>The library's files in pass 1's order, their declarations from the index in cacheDirectory.</summary>
    public static ImmutableArray<LibraryFile> Load(IEnumerable<string> extraDirectories, string cacheDirectory)
    {
        var directories = extraDirectories.ToList();
        var paths = Installation.TapsetFiles(directories).ToList();
        var index = Path.Combine(cacheDirectory, Key(directories) + ".index");
        var known = Read(index);
        var files = ImmutableArray.CreateBuilder<LibraryFile>(paths.Count);
        var entries = new List<(string Path, string Stamp, TapsetDeclarations Declarations)>(paths.Count);
        var changed = known.Count != paths.Count;
        foreach (var path in paths)
        {
            var info = new FileInfo(path);
            var stamp = $"{info.Length}\t{info.LastWriteTimeUtc.Ticks}";
            if (!known.TryGetValue(path, out var entry) || entry.Stamp != stamp)
            {
                entry = (stamp, TapsetDeclarations.Scan(ReadFile(path)));
                changed = true;
            }
            entries.Add((path, stamp, entry.Declarations));
            files.Add(new LibraryFile(path, entry.Declarations, () => ReadFile(path)));
        }
        if (changed)
        {
            Write(index, entries);
        }
        return files.MoveToImmutable();
    }

    private static SourceFile ReadFile(string path) => new(path, File.ReadAllText(path));

    /// <summary>One index per list of -I directories (the default tapset directory, as $SYSTEMTAP_TAPSET sets it, first).</summary>
    private static string Key(List<string> directories)
    {
        var all = string.Join('\0', directories.Prepend(Installation.TapsetDirectory).Select(Path.GetFullPath));
        return Sha256.Hex(all)[..32];
    }

    private static Dictionary<string, (string Stamp, TapsetDeclarations Declarations)> Read(string index)
    {
        var known = new Dictionary<string, (string, TapsetDeclarations)>(StringComparer.Ordinal);
        try
        {
            var lines = File.ReadAllLines(index);
            if (lines.Length == 0 || lines[0] != Header)
            {
                return known;
            }
            foreach (var line in lines.Skip(1))
            {
                var f = line.Split('\t');
                if (f.Length != 7)
                {
                    return [];
                }
                known[f[0]] = ($"{f[1]}\t{f[2]}", new TapsetDeclarations(f[4], f[5], f[6], f[3] == "1"));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return known;
    }

    /// <summary>Under a temporary name and renamed: concurrent runs each write a whole index, the last one stays.</summary>
    private static void Write(string index, List<(string Path, string Stamp, TapsetDeclarations Declarations)> entries)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (path, stamp, d) in entries)
        {
            text.Append(path).Append('\t').Append(stamp).Append('\t').Append(d.Always ? '1' : '0').Append('\t')
                .Append(d.Functions).Append('\t').Append(d.Globals).Append('\t').Append(d.Aliases).Append('\n');
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(index)!);
            var temp = Build.AtomicFile.TempPath(index);
            File.WriteAllText(temp, text.ToString());
            File.Move(temp, index, true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
