using System.Globalization;
using Stapper.DebugInfo.Dwarf;

namespace Stapper.DebugInfo;

/// <summary>
/// Where DWARF declares each out-of-line function (its DW_AT_decl_file and DW_AT_decl_line), which names a
/// <c>kernel.function("f")</c> probe point as stap names it: <c>f@fs/read_write.c:450</c>. Building it reads every
/// function's DIE (seconds), so it is kept in the cache like <see cref="InlinedFunctionIndex"/>.
/// </summary>
public sealed class DeclaredFunctionIndex
{
    private readonly string[] _lines; // "name lowpc file:line", sorted by name, then address

    private DeclaredFunctionIndex(string[] lines) => _lines = lines;

    public static DeclaredFunctionIndex Of(DwarfFile dwarf, string? cacheDir = null) =>
        new(DerivedLinesCache.Of(dwarf.Elf.Name, "declared-v1", cacheDir, () => Build(dwarf)));

    private static IEnumerable<string> Build(DwarfFile dwarf) =>
        dwarf.FunctionsMatching("*")
            .Where(f => !f.IsInlineAbstract && f.LowPc is not null && f.Name is not null && f.DeclFile is not null && f.DeclLine is not null)
            .Select(f => (f.Name!, f.LowPc!.Value, $"{f.DeclFile}:{f.DeclLine}"))
            .OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2)
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Item1} {e.Item2:x} {e.Item3}"));

    /// <summary>"FILE:LINE" and the entry address of function <paramref name="name"/>'s out-of-line copy, the one at the
    /// lowest address when several units define one (the one a probe by symbol name lands on); null when DWARF does not
    /// describe it.</summary>
    public (string FileLine, ulong Pc)? Declared(string name)
    {
        int low = 0, high = _lines.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (Name(_lines[mid]).CompareTo(name, StringComparison.Ordinal) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        if (low == _lines.Length || !Name(_lines[low]).SequenceEqual(name))
        {
            return null;
        }
        var line = _lines[low];
        var (first, second) = (line.IndexOf(' '), line.IndexOf(' ', line.IndexOf(' ') + 1));
        return (line[(second + 1)..], ulong.Parse(line.AsSpan(first + 1, second - first - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static ReadOnlySpan<char> Name(string line) => line.AsSpan(0, line.IndexOf(' '));
}
