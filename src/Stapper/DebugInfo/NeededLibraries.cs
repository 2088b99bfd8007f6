using System.Buffers.Binary;
using System.Text;
using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>
/// The shared libraries a program loads at start, as the dynamic loader finds them (ldd's list without running
/// anything): its DT_NEEDED names and theirs, breadth first, each searched in the DT_RPATH/DT_RUNPATH of the file
/// that needs it (<c>$ORIGIN</c> expanded), the directories of /etc/ld.so.conf and the default ones.
/// stap's <c>process("PATH").library("LIB")</c> matches LIB against these.
/// </summary>
public static class NeededLibraries
{
    private const long Needed = 1, RPath = 15, RunPath = 29;

    private static readonly string[] DefaultDirectories =
        ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"];

    /// <summary>The paths found (links not resolved), in load order; a name no directory holds is left out.</summary>
    public static IReadOnlyList<string> Of(string program)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([program]);
        var configured = ConfiguredDirectories();
        while (queue.Count > 0 && found.Count < 1000)
        {
            var file = queue.Dequeue();
            var (needed, paths) = Dynamic(file);
            var origin = Path.GetDirectoryName(file) ?? "/";
            var search = paths.Select(p => p.Replace("$ORIGIN", origin, StringComparison.Ordinal).Replace("${ORIGIN}", origin, StringComparison.Ordinal))
                .Concat(configured).Concat(DefaultDirectories);
            foreach (var name in needed)
            {
                var path = name.Contains('/') ? name : search.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
                if (path is not null && seen.Add(Path.GetFileName(path)))
                {
                    found.Add(path);
                    queue.Enqueue(path);
                }
            }
        }
        return found;
    }

    /// <summary>DT_NEEDED names and the DT_RPATH/DT_RUNPATH directories of one file; empty when it cannot be read.</summary>
    private static (List<string> Needed, List<string> Paths) Dynamic(string file)
    {
        var needed = new List<string>();
        var paths = new List<string>();
        try
        {
            using var elf = ElfFile.Open(file);
            if (elf.Sections.FirstOrDefault(s => s.Type == ElfSectionType.Dynamic) is not { } dynamic || !elf.Header.Is64
                || elf.Sections.ElementAtOrDefault((int)dynamic.Link) is not { } strtab)
            {
                return (needed, paths);
            }
            var raw = elf.RawData(dynamic);
            var strings = elf.RawData(strtab);
            for (var i = 0; (i + 1) * 16 <= raw.Length; i++)
            {
                var tag = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 16, 8));
                var value = BinaryPrimitives.ReadUInt64LittleEndian(raw.Slice(i * 16 + 8, 8));
                if (tag is not (Needed or RPath or RunPath) || value >= (ulong)strings.Length)
                {
                    continue;
                }
                var text = strings[(int)value..];
                var end = text.IndexOf((byte)0);
                var s = Encoding.UTF8.GetString(end < 0 ? text : text[..end]);
                if (tag == Needed)
                {
                    needed.Add(s);
                }
                else
                {
                    paths.AddRange(s.Split(':', StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException or ArgumentException)
        {
        }
        return (needed, paths);
    }

    /// <summary>The directories /etc/ld.so.conf names (with its include lines' files), as ldconfig reads them.</summary>
    private static IEnumerable<string> ConfiguredDirectories()
    {
        IEnumerable<string> Read(string conf, int depth)
        {
            if (depth > 8 || !File.Exists(conf))
            {
                yield break;
            }
            foreach (var raw in File.ReadLines(conf))
            {
                var line = raw.Split('#')[0].Trim();
                if (line.StartsWith("include ", StringComparison.Ordinal))
                {
                    var pattern = line[8..].Trim();
                    var dir = Path.GetDirectoryName(pattern) ?? "/etc";
                    if (!Directory.Exists(dir))
                    {
                        continue;
                    }
                    foreach (var included in Directory.GetFiles(dir, Path.GetFileName(pattern)).Order(StringComparer.Ordinal))
                    {
                        foreach (var d in Read(included, depth + 1))
                        {
                            yield return d;
                        }
                    }
                }
                else if (line.StartsWith('/'))
                {
                    yield return line;
                }
            }
        }
        try
        {
            return Read("/etc/ld.so.conf", 0).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
