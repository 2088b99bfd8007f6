using System.Globalization;
using Stapper.DebugInfo.Dwarf;
using Stapper.Matching;

namespace Stapper.DebugInfo;

/// <summary>
/// The names of a vmlinux's inlined functions (abstract subprograms with DW_AT_inline) and their DIE offsets, which
/// <c>kernel.function("f")</c> needs for every name and wildcard (stap probes the inlined instances beside the
/// out-of-line copy). Building it reads all of .debug_info (seconds), so it is kept in the cache beside the BTF,
/// keyed by the file's size and mtime, as <see cref="BootOnlyFunctions"/> is; a query then reads only that list.
/// </summary>
public sealed class InlinedFunctionIndex
{
    private readonly string[] _lines; // "name off off ...", sorted by name

    private InlinedFunctionIndex(string[] lines) => _lines = lines;

    public static InlinedFunctionIndex Of(DwarfFile dwarf, string? cacheDir = null) =>
        new(DerivedLinesCache.Of(dwarf.Elf.Name, "inlined-v1", cacheDir, () => dwarf.InlinedOrigins
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Key + " " + string.Join(' ', e.Value.Select(o => o.ToString(CultureInfo.InvariantCulture))))));

    /// <summary>Every inlined function's name.</summary>
    public IEnumerable<string> Names => _lines.Select(line => line.IndexOf(' ') is var space and >= 0 ? line[..space] : line);

    /// <summary>The abstract subprograms named <paramref name="glob"/> (or matching it as a glob), by name.</summary>
    public IReadOnlyDictionary<string, ulong[]> Matching(string glob)
    {
        var found = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        var wildcards = Glob.HasWildcards(glob);
        // Every kernel.function probe asks, over some 70,000 lines: names are compared in place, not copied out.
        foreach (var line in _lines)
        {
            var space = line.IndexOf(' ');
            var name = space < 0 ? line.AsSpan() : line.AsSpan(0, space);
            if (wildcards ? Glob.Match(glob.AsSpan(), name) : name.SequenceEqual(glob))
            {
                found[name.ToString()] = space < 0 ? [] : line[(space + 1)..].Split(' ').Select(o => ulong.Parse(o, CultureInfo.InvariantCulture)).ToArray();
            }
        }
        return found;
    }
}
