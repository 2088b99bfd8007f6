using Stapper.Matching;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// Source files whose functions stap never probes from <c>function("*@FILE")</c>: the kprobes machinery itself, I/O
/// port and bit helpers, and paravirt ops, where a probe would recurse or fault (stap's file blocklist, as globs over
/// the DWARF decl_file).
/// </summary>
internal static class KprobeBlocklist
{
    private static readonly string[] Files =
    [
        "kernel/kprobes.c", "arch/*/kernel/kprobes.c", "*/include/asm/io.h", "*/include/asm/io-defs.h",
        "*/include/asm/io_64.h", "*/include/asm/bitops.h", "drivers/ide/ide-iops.c", "arch/*/kernel/paravirt.c",
        "*/include/asm/paravirt.h",
    ];

    public static bool BlocksFile(string file) => Files.Any(pattern => Glob.Match(pattern, file));
}
