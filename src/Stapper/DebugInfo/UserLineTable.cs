using Stapper.DebugInfo.Dwarf;

namespace Stapper.DebugInfo;

/// <summary>From link-time <see cref="Address"/> up to the next row's, the code is source line <see cref="Line"/> of file
/// number <see cref="File"/>; line 0 marks where a sequence ends (no line).</summary>
public readonly record struct UserLine(ulong Address, int Line, int File);

/// <summary>
/// A user-space file's line table as usymfileline() and print_ubacktrace_fileline() read it (stap embeds .debug_line and
/// decodes it in the probe; Stapper decodes it here): address ranges in address order, each with its line and file. As
/// stap's lookup, a row's range runs to the next row of its sequence (rows of one address: the last one counts), and a
/// file is named as stap builds its name: DWARF 5, the entry's directory, "/" and its name; before that, an absolute
/// name as is, a name in directory 0 after the binary's own directory, others after their directory.
/// </summary>
public sealed record UserLineTable(IReadOnlyList<string> Files, IReadOnlyList<UserLine> Rows)
{
    /// <summary>The line table of <paramref name="dwarfPath"/> (the binary's DWARF) for the binary <paramref name="path"/>;
    /// null when it has none that reads.</summary>
    public static UserLineTable? Read(string dwarfPath, string path)
    {
        try
        {
            using var dwarf = DwarfFile.Open(dwarfPath);
            return Read(dwarf, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
        {
            return null;
        }
    }

    public static UserLineTable Read(DwarfFile dwarf, string path)
    {
        var files = new List<string>();
        var fileIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var ranges = new List<UserLine>();
        var ends = new HashSet<ulong>();
        var seen = new HashSet<DwarfLineProgram>();
        foreach (var unit in dwarf.Units)
        {
            if (dwarf.LineProgram(unit) is not { } program || !seen.Add(program))
            {
                continue;
            }
            var rows = program.Rows;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (row.EndSequence)
                {
                    ends.Add(row.Address);
                    continue;
                }
                // stap's range is [this row, next row): an empty one never matches
                if (i + 1 >= rows.Count || rows[i + 1].Address <= row.Address)
                {
                    continue;
                }
                var name = FileName(program, row.File, path);
                if (!fileIndex.TryGetValue(name, out var index))
                {
                    index = files.Count;
                    files.Add(name);
                    fileIndex[name] = index;
                }
                ranges.Add(new UserLine(row.Address, row.Line, index));
            }
        }
        var starts = ranges.Select(r => r.Address).ToHashSet();
        ranges.AddRange(ends.Where(e => !starts.Contains(e)).Select(e => new UserLine(e, 0, 0)));
        ranges.Sort((a, b) => a.Address.CompareTo(b.Address));
        // one row an address: the first sequence that covers it, as stap's walk over the units finds it first
        var unique = new List<UserLine>(ranges.Count);
        foreach (var r in ranges)
        {
            if (unique.Count == 0 || unique[^1].Address != r.Address)
            {
                unique.Add(r);
            }
        }
        return new UserLineTable(files, unique);
    }

    private static string FileName(DwarfLineProgram program, int index, string path)
    {
        if (program.File(index) is not { } file)
        {
            return "";
        }
        if (program.Version >= 5)
        {
            return file.Directory + "/" + file.Name;
        }
        if (file.Name.StartsWith('/'))
        {
            return file.Name;
        }
        return file.DirectoryIndex == 0 ? (System.IO.Path.GetDirectoryName(path) ?? "") + "/" + file.Name : file.Directory + "/" + file.Name;
    }
}
