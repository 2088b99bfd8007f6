using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>
/// Functions only in a vmlinux's <c>.init.*</c> or <c>.exit.*</c> sections (freed after boot, or discarded), which
/// stap never probes: read from its symbol table. That is 150,000 symbols for a Debian kernel, a third of a
/// kernel.function script's pass 2, so the names are kept in the cache beside the BTF, keyed by the file's size
/// and mtime. In symbol-table order (the link's, close to DWARF's unit order), the order of stap's warnings.
/// </summary>
public static class BootOnlyFunctions
{
    public static IReadOnlyList<string> Of(ElfFile vmlinux, string? cacheDir = null) =>
        DerivedLinesCache.Of(vmlinux.Name, "boot-only-v2", cacheDir, () => Read(vmlinux));

    private static List<string> Read(ElfFile elf)
    {
        var names = new List<string>();
        var boot = new HashSet<string>(StringComparer.Ordinal);
        var sections = elf.Sections;
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var symbol in elf.Symbols().Where(s => s.Type == ElfSymbolType.Func && s.SectionIndex < sections.Count))
        {
            var section = sections[(int)symbol.SectionIndex].Name;
            if (!section.StartsWith(".init.", StringComparison.Ordinal) && !section.StartsWith(".exit.", StringComparison.Ordinal))
            {
                elsewhere.Add(symbol.Name);
            }
            else if (boot.Add(symbol.Name))
            {
                names.Add(symbol.Name);
            }
        }
        names.RemoveAll(elsewhere.Contains);
        return names;
    }
}
