using System.Globalization;
using System.Text.RegularExpressions;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Elf;

namespace Stapper.Tests.DebugInfo;

[Collection("compiled")]
public class ElfTests(CompiledFixture cc)
{
    /// <summary>Module <paramref name="name"/> of the default kernel as that kernel ships it (plain .ko on 6.1).</summary>
    private static string Ko(string name)
    {
        var release = Oracle.KernelRelease();
        var f = Directory.EnumerateFiles($"/lib/modules/{release}/kernel", name + ".ko*", SearchOption.AllDirectories).FirstOrDefault();
        Assert.True(f is not null, $"module {name} not found");
        return f;
    }

    /// <summary>A compressed module: an installed kernel's own .ko.xz (6.12 ships them) when there is one, else the
    /// default kernel's module compressed here with xz, so the test runs whatever kernels are installed.</summary>
    private string CompressedKo(string name)
    {
        foreach (var kernel in Stapper.Vm.InstalledKernels.List())
        {
            var dir = Path.Combine(kernel.ModulesDirectory, "kernel");
            var f = Directory.Exists(dir) ? Directory.EnumerateFiles(dir, name + ".ko.*", SearchOption.AllDirectories).FirstOrDefault() : null;
            if (f is not null)
            {
                return f;
            }
        }
        var plain = Path.Combine(cc.Dir, name + ".ko");
        File.Copy(Oracle.PlainElf(Ko(name)), plain, overwrite: true);
        Oracle.Run("xz", "-f", "-k", "--check=crc32", plain);
        return plain + ".xz";
    }

    private string File_(string which) => which switch
    {
        "ls" => "/bin/ls",
        "ext4.ko" => Ko("ext4"),
        "ext4.ko.xz" => CompressedKo("ext4"),
        _ => cc.Path_(which),
    };

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("ls")]
    [InlineData("ext4.ko")]
    [InlineData("ext4.ko.xz")]
    [InlineData("prog")]
    [InlineData("prog.o")]
    [InlineData("big-zstd")]
    [InlineData("big-zlib-gnu")]
    public void SectionsMatchReadelf(string which)
    {
        var path = File_(which);
        using var elf = ElfFile.Open(path);
        var text = Oracle.Run("readelf", "-S", "-W", Oracle.PlainElf(path));
        var rx = new Regex(@"^\s*\[\s*(\d+)\]\s(.{17,}?)\s+([A-Z_0-9]+|LOOS\+\w+|<unknown>: \w+)\s+([0-9a-f]{8,16})\s([0-9a-f]{6,})\s([0-9a-f]{6,})\s([0-9a-f]{2,})\s+([A-Za-z]*)\s+(\d+)\s+(\d+)\s+(\d+)$", RegexOptions.Multiline);
        var rows = rx.Matches(text);
        Assert.True(rows.Count > 5, text);
        Assert.Equal(rows.Count, elf.Sections.Count);
        foreach (Match m in rows)
        {
            int i = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var s = elf.Sections[i];
            Assert.Equal(m.Groups[2].Value.Trim(), s.Name);
            Assert.Equal(Hex(m.Groups[4].Value), s.Address);
            Assert.Equal(Hex(m.Groups[5].Value), s.Offset);
            Assert.Equal(Hex(m.Groups[6].Value), s.Size);
            Assert.Equal(Hex(m.Groups[7].Value), s.EntrySize);
            Assert.Equal(m.Groups[8].Value.Contains('A'), (s.Flags & ElfSectionFlags.Alloc) != 0);
            Assert.Equal(m.Groups[8].Value.Contains('X'), (s.Flags & ElfSectionFlags.ExecInstr) != 0);
            Assert.Equal(m.Groups[8].Value.Contains('C'), s.IsCompressed);
            Assert.Equal(uint.Parse(m.Groups[9].Value, CultureInfo.InvariantCulture), s.Link);
            Assert.Equal(uint.Parse(m.Groups[10].Value, CultureInfo.InvariantCulture), s.Info);
            Assert.Equal(ulong.Parse(m.Groups[11].Value, CultureInfo.InvariantCulture), s.AddressAlign);
        }
        var hdr = Oracle.Run("readelf", "-h", "-W", Oracle.PlainElf(path));
        Assert.Contains($"Number of section headers:         {elf.Header.SectionHeaderCount}", hdr);
        Assert.Contains($"Entry point address:               0x{elf.Header.Entry:x}", hdr);
    }

    [Theory]
    [InlineData("ls")]
    [InlineData("prog")]
    public void SegmentsMatchReadelf(string which)
    {
        var path = File_(which);
        using var elf = ElfFile.Open(path);
        var text = Oracle.Run("readelf", "-l", "-W", Oracle.PlainElf(path));
        var rx = new Regex(@"^\s+([A-Z_]+|LOOS\+\w+)\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) ([RWE ]{3}) 0x([0-9a-f]+)$", RegexOptions.Multiline);
        var rows = rx.Matches(text);
        Assert.Equal(rows.Count, elf.Segments.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var m = rows[i];
            var p = elf.Segments[i];
            Assert.Equal(Hex(m.Groups[2].Value), p.Offset);
            Assert.Equal(Hex(m.Groups[3].Value), p.VirtualAddress);
            Assert.Equal(Hex(m.Groups[5].Value), p.FileSize);
            Assert.Equal(Hex(m.Groups[6].Value), p.MemorySize);
            Assert.Equal(m.Groups[7].Value.Contains('R'), (p.Flags & ElfSegmentFlags.Read) != 0);
            Assert.Equal(m.Groups[7].Value.Contains('E'), (p.Flags & ElfSegmentFlags.Execute) != 0);
            Assert.Equal(Hex(m.Groups[8].Value), p.Align);
        }
    }

    [Theory]
    [InlineData("ls", true)]
    [InlineData("ext4.ko", false)]
    [InlineData("ext4.ko.xz", false)]
    [InlineData("prog", false)]
    [InlineData("prog.o", false)]
    public void SymbolsMatchReadelf(string which, bool dynamic)
    {
        var path = File_(which);
        using var elf = ElfFile.Open(path);
        var text = Oracle.Run("readelf", dynamic ? "--dyn-syms" : "--syms", "-W", Oracle.PlainElf(path));
        var table = dynamic ? ".dynsym" : ".symtab";
        int start = text.IndexOf($"Symbol table '{table}'", StringComparison.Ordinal);
        Assert.True(start >= 0, text[..Math.Min(500, text.Length)]);
        int end = text.IndexOf("Symbol table '", start + 10, StringComparison.Ordinal);
        var part = end < 0 ? text[start..] : text[start..end];
        var rx = new Regex(@"^\s*(\d+): ([0-9a-f]+)\s+(0x[0-9a-f]+|\d+) (\w+)\s+(\w+)\s+(\w+)\s+(\w+)\s?(.*)$", RegexOptions.Multiline);
        var rows = rx.Matches(part);
        var syms = elf.Symbols(dynamic);
        Assert.Equal(rows.Count, syms.Count);
        Assert.True(syms.Count > 5);
        foreach (Match m in rows)
        {
            var s = syms[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)];
            Assert.Equal(Hex(m.Groups[2].Value), s.Value);
            var size = m.Groups[3].Value;
            Assert.Equal(size.StartsWith("0x", StringComparison.Ordinal) ? Hex(size[2..]) : ulong.Parse(size, CultureInfo.InvariantCulture), s.Size);
            Assert.Equal(m.Groups[4].Value, s.Type switch
            {
                ElfSymbolType.NoType => "NOTYPE",
                ElfSymbolType.Object => "OBJECT",
                ElfSymbolType.Func => "FUNC",
                ElfSymbolType.Section => "SECTION",
                ElfSymbolType.File => "FILE",
                ElfSymbolType.Common => "COMMON",
                ElfSymbolType.Tls => "TLS",
                ElfSymbolType.GnuIFunc => "IFUNC",
                _ => "?",
            });
            Assert.Equal(m.Groups[5].Value, s.Binding switch
            {
                ElfSymbolBinding.Local => "LOCAL",
                ElfSymbolBinding.Global => "GLOBAL",
                ElfSymbolBinding.Weak => "WEAK",
                ElfSymbolBinding.GnuUnique => "UNIQUE",
                _ => "?",
            });
            Assert.Equal(m.Groups[6].Value, s.Visibility.ToString().ToUpperInvariant());
            string ndx = s.SectionIndex switch
            {
                ElfSymbol.SectionUndefined => "UND",
                ElfSymbol.SectionAbsolute => "ABS",
                ElfSymbol.SectionCommon => "COM",
                var n => n.ToString(CultureInfo.InvariantCulture),
            };
            Assert.Equal(m.Groups[7].Value, ndx);
            var name = dynamic ? Regex.Replace(m.Groups[8].Value, @"@.*$", "") : m.Groups[8].Value;
            var ours = s.Type == ElfSymbolType.Section && s.Name.Length == 0 ? elf.Sections[(int)s.SectionIndex].Name : s.Name;
            Assert.Equal(name, ours);
        }
    }

    [Theory]
    [InlineData("ls")]
    [InlineData("ext4.ko")]
    [InlineData("ext4.ko.xz")]
    [InlineData("prog")]
    public void NotesAndBuildIdMatchReadelf(string which)
    {
        var path = File_(which);
        using var elf = ElfFile.Open(path);
        var text = Oracle.Run("readelf", "-n", "-W", Oracle.PlainElf(path));
        var rx = new Regex(@"^\s+(\S+)\s+0x([0-9a-f]{8})\s", RegexOptions.Multiline);
        var expected = rx.Matches(text).Select(m => (m.Groups[1].Value, (int)Hex(m.Groups[2].Value))).ToList();
        var actual = elf.Notes().Select(n => (n.Owner, n.Descriptor.Length)).ToList();
        Assert.Equal(expected, actual);
        var id = Regex.Match(text, @"Build ID: ([0-9a-f]+)");
        Assert.Equal(id.Success ? id.Groups[1].Value : null, elf.BuildId());
    }

    [Theory]
    [InlineData("big-zlib")]
    [InlineData("big-zstd")]
    [InlineData("big-zlib-gnu")]
    public void CompressedSectionsDecompress(string which)
    {
        using var plain = ElfFile.Open(cc.Path_("big"));
        using var packed = ElfFile.Open(cc.Path_(which));
        int compared = 0;
        foreach (var s in plain.Sections.Where(s => s.Name.StartsWith(".debug_", StringComparison.Ordinal)))
        {
            var data = packed.SectionData(s.Name);
            Assert.True(data is not null, $"{which} lacks {s.Name}");
            Assert.True(plain.RawData(s).SequenceEqual(data.Value.Span), $"{which} {s.Name} differs after decompression");
            compared++;
        }
        Assert.True(compared >= 4);
        if (which != "big-zlib-gnu")
        {
            Assert.Contains(packed.Sections, s => s.IsCompressed);
        }
    }

    [Fact]
    public void AFileOpensThroughASymbolicLink()
    {
        // Debian's libraries are links (libz.so.1 -> libz.so.1.2.13); the link's own size is its target's name.
        var link = cc.Path_("prog-link");
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, "prog");
        }
        using var elf = ElfFile.Open(link);
        Assert.Equal(new FileInfo(cc.Path_("prog")).Length, elf.Data.Length);
        Assert.NotEmpty(elf.Sections);
    }

    [Fact]
    public void CorruptCompressedDataGivesFormatErrors()
    {
        var good = File.ReadAllBytes(cc.Path_("big-zstd"));
        using var probe = ElfFile.FromBytes("p", good);
        var sec = probe.Sections.First(s => s.IsCompressed);
        var rnd = new Random(3);
        for (int i = 0; i < 60; i++)
        {
            var bad = (byte[])good.Clone();
            for (int k = 0; k < 4; k++)
            {
                bad[(int)sec.Offset + 24 + rnd.Next((int)sec.Size - 24)] = (byte)rnd.Next(256);
            }

            using var e = ElfFile.FromBytes("fuzz", bad);
            try { _ = e.SectionData(e.Sections[sec.Index]); }
            catch (DebugInfoFormatException ex) { Assert.Equal("fuzz", ex.File); }
        }
        foreach (var junk in new[] { new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3 }, [0x28, 0xB5, 0x2F, 0xFD, 9, 9], [0x1F, 0x8B, 0, 0] })
        {
            Assert.Throws<DebugInfoFormatException>(() => Decompression.ByMagic(junk, "junk"));
        }
    }

    [Fact]
    public void RelocationsMatchReadelf()
    {
        var path = cc.Path_("big.o");
        using var elf = ElfFile.Open(path);
        var info = elf.Section(".debug_info")!;
        var relocated = ElfRelocations.RelocatedSectionData(elf, info).Span;
        var text = Oracle.Run("readelf", "-r", "-W", Oracle.PlainElf(path));
        int start = text.IndexOf("'.rela.debug_info'", StringComparison.Ordinal);
        int end = text.IndexOf("Relocation section", start + 10, StringComparison.Ordinal);
        var part = text[start..(end < 0 ? text.Length : end)];
        var rx = new Regex(@"^([0-9a-f]{16})\s+[0-9a-f]{16} (R_X86_64_\w+)\s+([0-9a-f]{16}) \S+ \+ ([0-9a-f]+)$", RegexOptions.Multiline);
        var rows = rx.Matches(part);
        Assert.True(rows.Count > 100);
        foreach (Match m in rows)
        {
            int off = (int)Hex(m.Groups[1].Value);
            ulong value = Hex(m.Groups[3].Value) + Hex(m.Groups[4].Value);
            switch (m.Groups[2].Value)
            {
                case "R_X86_64_32":
                    Assert.Equal((uint)value, BitConverter.ToUInt32(relocated.Slice(off, 4)));
                    break;
                case "R_X86_64_64":
                    Assert.Equal(value, BitConverter.ToUInt64(relocated.Slice(off, 8)));
                    break;
                default:
                    Assert.Fail($"unexpected {m.Groups[2].Value}");
                    break;
            }
        }
        // Executables are returned as is.
        using var exe = ElfFile.Open(cc.Path_("big"));
        var s = exe.Section(".debug_info")!;
        Assert.True(exe.RawData(s).SequenceEqual(ElfRelocations.RelocatedSectionData(exe, s).Span));
    }

    [Fact]
    public void VmlinuxFromBzImageMatchesReadelf()
    {
        var release = Oracle.KernelRelease();
        var vmlinux = KernelImage.ExtractVmlinux($"/boot/vmlinuz-{release}");
        var tmp = Path.Combine(cc.Dir, "vmlinux");
        File.WriteAllBytes(tmp, vmlinux);
        using var elf = ElfFile.FromBytes("vmlinux", vmlinux);
        Assert.Equal(ElfType.Executable, elf.Header.Type);
        Assert.Equal(ElfHeader.MachineX86_64, elf.Header.Machine);
        var text = Oracle.Run("readelf", "-S", "-W", tmp);
        foreach (var s in elf.Sections.Where(s => s.Name is ".text" or ".BTF" or ".rodata" or ".data"))
        {
            Assert.Matches($@"\] {Regex.Escape(s.Name)}\s+PROGBITS\s+{s.Address:x16} {s.Offset:x6} {s.Size:x6} ", text);
        }

        var id = Regex.Match(Oracle.Run("readelf", "-n", tmp), @"Build ID: ([0-9a-f]+)").Groups[1].Value;
        Assert.Equal(id, elf.BuildId());
        File.Delete(tmp);
    }

    [Fact]
    public void BadInputGivesFormatErrors()
    {
        var good = File.ReadAllBytes(cc.Path_("prog"));
        Assert.Throws<DebugInfoFormatException>(() => ElfFile.FromBytes("x", [1, 2, 3]));
        Assert.Throws<DebugInfoFormatException>(() => ElfFile.FromBytes("x", good[..40]));
        // Truncate before the section header table.
        var ex = Assert.Throws<DebugInfoFormatException>(() => ElfFile.FromBytes("trunc", good[..(good.Length / 2)]).Sections);
        Assert.Equal("trunc", ex.File);
        // Random corruption anywhere: only our exception type, never a crash.
        var rnd = new Random(1234);
        for (int i = 0; i < 300; i++)
        {
            var bad = (byte[])good.Clone();
            for (int k = 0; k < 8; k++)
            {
                bad[rnd.Next(64, Math.Min(bad.Length, 0x400))] = (byte)rnd.Next(256);
            }

            int shoff = (int)BitConverter.ToUInt64(good, 0x28);
            for (int k = 0; k < 8; k++)
            {
                bad[rnd.Next(shoff, bad.Length)] = (byte)rnd.Next(256);
            }

            try
            {
                using var e = ElfFile.FromBytes("fuzz", bad);
                foreach (var s in e.Sections) { _ = e.SectionData(s); }
                _ = e.Symbols();
                _ = e.Notes();
                _ = e.Segments;
            }
            catch (DebugInfoFormatException)
            {
            }
        }
    }
}
