using System.Buffers.Binary;
using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>
/// The target kernel's 64-bit vDSO image, whose symbols and CFI a module embeds as the file "vdso" (stap's
/// add_unwindsym_vdso): where kbuild's install puts it (/lib/modules/KVER/vdso), a built tree's arch/ output or
/// Debian's -dbg package; else the stripped copy the kernel itself carries, found in the vmlinux decompressed from
/// /boot/vmlinuz-KVER. Null when there is none (the vDSO then stays unnamed, as under stap without its image).
/// </summary>
public static class KernelVdso
{
    /// <summary>The file to read the image from: a vdso64.so, or the kernel's bzImage.</summary>
    public static string? Image(string release, string buildDirectory) => Candidates(release, buildDirectory).FirstOrDefault(File.Exists);

    /// <summary>The image's tables, named "vdso" (stap's name for the mapping); null when it cannot be read.</summary>
    public static UserSymbolTable? Table(string image)
    {
        if (UserSymbolTable.Open(image) is { } table)
        {
            return table with { Path = "vdso" };
        }
        try
        {
            return InKernel(KernelImage.ExtractVmlinux(image)) is { } bytes
                ? UserSymbolTable.Read(ElfFile.FromBytes(image, bytes), image) with { Path = "vdso" } : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException or ArgumentException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Candidates(string release, string buildDirectory)
    {
        yield return $"/lib/modules/{release}/vdso/vdso64.so";
        yield return Path.Combine(buildDirectory, "arch/x86/entry/vdso/vdso64.so");
        yield return $"/usr/lib/debug/lib/modules/{release}/vdso/vdso64.so";
        yield return $"/boot/vmlinuz-{release}";
    }

    /// <summary>The 64-bit vDSO inside VMLINUX: an x86-64 shared object whose dynamic strings hold its soname,
    /// linux-vdso.so.1, from its ELF header to the end of its section headers.</summary>
    internal static byte[]? InKernel(byte[] vmlinux)
    {
        var data = vmlinux.AsSpan();
        var soname = "linux-vdso.so.1\0"u8;
        for (var at = data[1..].IndexOf("\u007fELF\u0002\u0001\u0001"u8) + 1; at > 0;)
        {
            var elf = data[at..];
            if (elf.Length >= 64 && BinaryPrimitives.ReadUInt16LittleEndian(elf[16..]) == 3 && BinaryPrimitives.ReadUInt16LittleEndian(elf[18..]) == 62)
            {
                var shoff = BinaryPrimitives.ReadUInt64LittleEndian(elf[40..]);
                var size = shoff + (ulong)BinaryPrimitives.ReadUInt16LittleEndian(elf[58..]) * BinaryPrimitives.ReadUInt16LittleEndian(elf[60..]);
                if (shoff > 0 && size <= (ulong)elf.Length && size < 1 << 20 && elf[..(int)size].IndexOf(soname) >= 0)
                {
                    return elf[..(int)size].ToArray();
                }
            }
            var next = data[(at + 1)..].IndexOf("\u007fELF\u0002\u0001\u0001"u8);
            at = next < 0 ? 0 : at + 1 + next;
        }
        return null;
    }
}
