using System.Globalization;
using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>
/// Functions only in a vmlinux's <c>.init.*</c> or <c>.exit.*</c> sections (freed after boot, or discarded), which
/// stap never probes: read from its symbol table. That is 150,000 symbols for a Debian kernel, a third of a
/// kernel.function script's pass 2, so the names are kept in the cache beside the BTF, keyed by the file's size
/// and mtime.
/// </summary>
public static class BootOnlyFunctions
{
    public static IReadOnlySet<string> Of(ElfFile vmlinux, string? cacheDir = null)
    {
        cacheDir ??= KernelDebugInfoOptions.DefaultCacheDir();
        var file = new FileInfo(vmlinux.Name);
        var key = string.Create(CultureInfo.InvariantCulture, $"stapper-boot-only-v1 {file.Length} {file.LastWriteTimeUtc.Ticks} {file.FullName}");
        var path = Path.Combine(cacheDir, Sha256.Hex(file.FullName)[..16] + ".boot-only");
        try
        {
            if (File.Exists(path) && File.ReadLines(path).FirstOrDefault() == key)
            {
                return File.ReadLines(path).Skip(1).ToHashSet(StringComparer.Ordinal);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var names = Read(vmlinux);
        try
        {
            Directory.CreateDirectory(cacheDir);
            var temp = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllLines(temp, names.Order(StringComparer.Ordinal).Prepend(key));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return names;
    }

    private static HashSet<string> Read(ElfFile elf)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sections = elf.Sections;
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var symbol in elf.Symbols().Where(s => s.Type == ElfSymbolType.Func && s.SectionIndex < sections.Count))
        {
            var section = sections[(int)symbol.SectionIndex].Name;
            (section.StartsWith(".init.", StringComparison.Ordinal) || section.StartsWith(".exit.", StringComparison.Ordinal) ? names : elsewhere).Add(symbol.Name);
        }
        names.ExceptWith(elsewhere);
        return names;
    }
}
