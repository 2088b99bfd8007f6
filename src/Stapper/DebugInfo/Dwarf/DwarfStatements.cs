using Stapper.Matching;

namespace Stapper.DebugInfo.Dwarf;

/// <summary>One probe address of a statement probe: the function (named as declared, its inlined copies too), the
/// source file and line stap names the site by, and the address of that line's lowest line record in the function.</summary>
public sealed record StatementLine(string Function, string File, int Line, ulong Address, DwarfDie Scope);

/// <summary>The lines a "FUNC@FILE:LINES" names, or stap's error when a line it names has no line records.</summary>
public sealed record StatementLines(IReadOnlyList<StatementLine> Lines, string? Error);

/// <summary>
/// Maps "FUNC@FILE:LINES" to addresses from .debug_line, as stap does (dwflpp::iterate_over_srcfile_lines): the
/// functions are the out-of-line subprograms and the inlined instances whose declaration is in a file matching FILE;
/// per function and line, the line record with the lowest address inside the function's ranges (every record, as
/// libdw lists them, not only is_stmt ones); ":*" walks the file's line numbers upward from the function's first line
/// and stops at the first that has no record in it; each address once.
/// </summary>
public static class DwarfStatements
{
    /// <summary>How far .nearest looks on either side of a line without records (stap's get_nearest_linenos).</summary>
    private const int NearestReach = 5;

    public static StatementLines Find(DwarfFile dwarf, string functionGlob, Func<string, bool> fileMatches, LineSpec spec, bool nearest)
    {
        var result = new List<StatementLine>();
        foreach (var unit in dwarf.UnitsWithFunctions(functionGlob))
        {
            if (dwarf.LineProgram(unit) is not { } program)
            {
                continue;
            }
            var files = program.Files.Select(f => f.Path).Where(fileMatches).ToHashSet(StringComparer.Ordinal);
            if (files.Count == 0)
            {
                continue;
            }
            foreach (var group in ScopesIn(unit, functionGlob, files).GroupBy(s => s.File, StringComparer.Ordinal))
            {
                var error = Collect(program, group.Key, group.ToList(), spec, nearest, result);
                if (error is not null)
                {
                    return new StatementLines(result, error);
                }
            }
        }
        return new StatementLines(result, null);
    }

    /// <summary>
    /// <c>statement(ADDRESS)</c>: the line record at exactly <paramref name="address"/> in the function named
    /// <paramref name="function"/> whose code holds it (scope: that function), stap's error naming the closest record below
    /// it when none starts there, or neither when no such function has DWARF.
    /// </summary>
    public static (StatementLine? Line, string? Error) At(DwarfFile dwarf, string function, ulong address)
    {
        foreach (var f in dwarf.FunctionsMatching(function))
        {
            if (!f.Ranges.Any(r => r.Contains(address)) || dwarf.LineProgram(f.Die.Unit) is not { } program)
            {
                continue;
            }
            ulong? before = null;
            foreach (var r in program.Rows)
            {
                if (r.EndSequence)
                {
                    continue;
                }
                if (r.Address == address)
                {
                    return (new StatementLine(function, program.File(r.File)?.Path ?? "", r.Line, address, f.Die), null);
                }
                if (r.Address < address && (before is null || r.Address > before))
                {
                    before = r.Address;
                }
            }
            return (null, $"address 0x{address:x} does not match the beginning of a statement" + (before is { } b ? $" (try 0x{b:x})" : ""));
        }
        return (null, null);
    }

    /// <summary>A matched function: a subprogram with code or an inlined instance, with its origin's name, decl file and line.</summary>
    private sealed record Scope(DwarfDie Die, string Name, string File, int DeclLine, IReadOnlyList<AddressRange> Ranges)
    {
        public bool HasPc(ulong address) => Ranges.Any(r => r.Contains(address));
    }

    private static IEnumerable<Scope> ScopesIn(DwarfUnit unit, string glob, HashSet<string> files)
    {
        foreach (var die in unit.Entries())
        {
            if (die.Tag is not (DwTag.Subprogram or DwTag.InlinedSubroutine))
            {
                continue;
            }
            var function = new DwarfFunction(die);
            if (function.Name is not { } name || !Glob.Match(glob, name) || function.DeclFile is not { } file || !files.Contains(file))
            {
                continue;
            }
            var ranges = function.Ranges;
            if (ranges.Count > 0)
            {
                yield return new Scope(die, name, file, function.DeclLine ?? 0, ranges);
            }
        }
    }

    /// <summary>Adds the lines of <paramref name="scopes"/> (all declared in <paramref name="file"/>) to <paramref name="result"/>;
    /// stap's error text when an absolute or relative line has no records.</summary>
    private static string? Collect(DwarfLineProgram program, string file, List<Scope> scopes, LineSpec spec, bool nearest, List<StatementLine> result)
    {
        var rows = FileRows(program, file);
        var matching = new List<(Scope Scope, DwarfLineRow Row)>();
        switch (spec.Kind)
        {
            case LineSpecKind.None:
                foreach (var s in scopes)
                {
                    var entry = new DwarfFunction(s.Die).EntryPc ?? s.Ranges.Min(r => r.Low);
                    matching.Add((s, new DwarfLineRow(entry, 0, s.DeclLine, 0, true, false, false, false, false, 0)));
                }
                break;
            case LineSpecKind.Absolute or LineSpecKind.Relative:
                foreach (var s in scopes)
                {
                    AddLowest(rows, s, spec.Kind == LineSpecKind.Relative ? spec.First + s.DeclLine : spec.First, matching);
                }
                if (matching.Count == 0 && nearest)
                {
                    int wanted = spec.Kind == LineSpecKind.Relative ? spec.First + scopes[0].DeclLine : spec.First;
                    if (Nearest(rows, scopes, wanted) is int near)
                    {
                        scopes.ForEach(s => AddLowest(rows, s, near, matching));
                    }
                }
                if (matching.Count == 0)
                {
                    int wanted = spec.Kind == LineSpecKind.Relative ? spec.First + scopes[0].DeclLine : spec.First;
                    return NoLineRecords(rows, scopes, file, wanted);
                }
                break;
            case LineSpecKind.Range:
                var collected = new HashSet<int>();
                for (int line = spec.First; line <= spec.Last; line++)
                {
                    if (collected.Contains(line))
                    {
                        continue;
                    }
                    int before = matching.Count;
                    scopes.ForEach(s => AddLowest(rows, s, line, matching));
                    if (matching.Count > before)
                    {
                        collected.Add(line);
                    }
                    else if (nearest && Nearest(rows, scopes, line) is int near && collected.Add(near))
                    {
                        scopes.ForEach(s => AddLowest(rows, s, near, matching));
                    }
                }
                break;
            case LineSpecKind.Wildcard:
                foreach (var s in scopes)
                {
                    AddAll(program, rows, s, matching);
                }
                break;
        }
        var probed = new HashSet<ulong>();
        foreach (var (scope, row) in matching)
        {
            if (probed.Add(row.Address))
            {
                result.Add(new StatementLine(scope.Name, file, row.Line, row.Address, scope.Die));
            }
        }
        return null;
    }

    /// <summary>The file's line records (no end-of-sequence rows) sorted by line, then address.</summary>
    private static List<DwarfLineRow> FileRows(DwarfLineProgram program, string file)
    {
        var rows = program.Rows.Where(r => !r.EndSequence && program.File(r.File)?.Path == file).ToList();
        rows.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Address.CompareTo(b.Address));
        return rows;
    }

    private static IEnumerable<DwarfLineRow> AtLine(List<DwarfLineRow> rows, int line)
    {
        int lo = 0, hi = rows.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (rows[mid].Line < line)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        for (int i = lo; i < rows.Count && rows[i].Line == line; i++)
        {
            yield return rows[i];
        }
    }

    private static void AddLowest(List<DwarfLineRow> rows, Scope scope, int line, List<(Scope, DwarfLineRow)> matching)
    {
        foreach (var r in AtLine(rows, line))
        {
            if (scope.HasPc(r.Address))
            {
                matching.Add((scope, r));
                return;
            }
        }
    }

    /// <summary>":*": from the line of the function's first record, each following line number of the file while one of
    /// its records lies in the function.</summary>
    private static void AddAll(DwarfLineProgram program, List<DwarfLineRow> rows, Scope scope, List<(Scope, DwarfLineRow)> matching)
    {
        if (FirstLine(program, scope) is not int line)
        {
            return;
        }
        while (true)
        {
            int before = matching.Count;
            AddLowest(rows, scope, line, matching);
            if (matching.Count == before)
            {
                return;
            }
            int next = rows.FindIndex(r => r.Line > line);
            if (next < 0)
            {
                return;
            }
            line = rows[next].Line;
        }
    }

    /// <summary>libdw's dwarf_getsrc_die at the entry pc (the last record at or below it, used only at exactly that address),
    /// else the line of the lowest-addressed record inside the function.</summary>
    private static int? FirstLine(DwarfLineProgram program, Scope scope)
    {
        ulong entry = new DwarfFunction(scope.Die).EntryPc ?? scope.Ranges.Min(r => r.Low);
        DwarfLineRow? atEntry = null;
        DwarfLineRow? lowest = null;
        foreach (var r in program.Rows)
        {
            if (r.EndSequence)
            {
                continue;
            }
            if (r.Address == entry)
            {
                atEntry = r;
            }
            if (scope.HasPc(r.Address) && (lowest is null || r.Address < lowest.Value.Address))
            {
                lowest = r;
            }
        }
        return atEntry?.Line ?? lowest?.Line;
    }

    private static bool HasLine(List<DwarfLineRow> rows, List<Scope> scopes, int line) =>
        AtLine(rows, line).Any(r => scopes.Any(s => s.HasPc(r.Address)));

    private static (int Below, int Above) NearestPair(List<DwarfLineRow> rows, List<Scope> scopes, int line)
    {
        int below = -1, above = -1;
        for (int i = 1; i <= NearestReach; i++)
        {
            if (below == -1 && HasLine(rows, scopes, line - i))
            {
                below = line - i;
            }
            if (above == -1 && HasLine(rows, scopes, line + i))
            {
                above = line + i;
            }
        }
        return (below, above);
    }

    /// <summary>The closest line with records within five lines (a tie goes up), or null.</summary>
    private static int? Nearest(List<DwarfLineRow> rows, List<Scope> scopes, int line)
    {
        var (below, above) = NearestPair(rows, scopes, line);
        if (below > 0 && above > 0)
        {
            return line - below < above - line ? below : above;
        }
        return below > 0 ? below : above > 0 ? above : null;
    }

    private static string NoLineRecords(List<DwarfLineRow> rows, List<Scope> scopes, string file, int line)
    {
        var (below, above) = NearestPair(rows, scopes, line);
        var text = $"no line records for {file}:{line} [man error::dwarf]";
        if (below > 0 || above > 0)
        {
            var options = new[] { below, above }.Where(n => n > 0).Select(n => ":" + n);
            text += " (try " + string.Join(" or ", options) + ")";
        }
        return text;
    }
}
