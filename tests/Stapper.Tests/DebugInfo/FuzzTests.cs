using System.Text;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Btf;
using Stapper.DebugInfo.Dwarf;
using Stapper.DebugInfo.Elf;

namespace Stapper.Tests.DebugInfo;

/// <summary>What each reader is made to do with a mutant: everything a query might touch.</summary>
internal static class FuzzTargets
{
    public static void Elf(byte[] bytes)
    {
        using var e = ElfFile.FromBytes("fuzz", bytes);
        _ = e.Segments;
        foreach (var s in e.Sections)
        {
            _ = e.SectionData(s);
            if (s.Name.StartsWith(".debug", StringComparison.Ordinal))
            {
                _ = ElfRelocations.RelocatedSectionData(e, s);
            }
        }
        _ = e.Symbols();
        _ = e.Symbols(dynamic: true);
        _ = e.Notes();
        _ = e.BuildId();
    }

    public static void Dwarf(byte[] bytes) => Dwarf(bytes, null);

    /// <summary>With <paramref name="skeleton"/>, the mutant is a .dwo read through that (intact) skeleton unit.</summary>
    public static void Dwarf(byte[] bytes, DwarfUnit? skeleton)
    {
        using var d = DwarfFile.FromElf(ElfFile.FromBytes("fuzz", bytes), ownsElf: true);
        d.Skeleton = skeleton;
        Walk(d);
    }

    private static void Walk(DwarfFile d)
    {
        foreach (var u in d.Units.Concat(d.TypeUnits))
        {
            foreach (var die in u.Entries())
            {
                _ = die.Attributes;
                _ = die.Ranges();
                if (die.Tag is DwTag.FormalParameter or DwTag.Variable)
                {
                    _ = DwarfLocation.Of(die)?.Entries;
                }

                if (die.Tag is DwTag.StructureType or DwTag.UnionType or DwTag.Typedef or DwTag.PointerType or DwTag.ArrayType)
                {
                    var t = DwarfTypeInfo.Of(die);
                    _ = t.CName;
                    _ = t.Size;
                    foreach (var m in t.Members)
                    {
                        _ = m.Type.CName;
                    }
                }
            }
            if (!u.InTypesSection)
            {
                _ = d.LineProgram(u)?.Rows;
            }
        }
        foreach (var f in d.FunctionsMatching("*"))
        {
            _ = f.ToString();
            _ = f.DeclFile;
            _ = f.FrameBase?.Entries;
            foreach (var p in f.Parameters)
            {
                _ = p.Location?.At(f.EntryPc ?? 0);
            }

            _ = f.Locals().Count();
            _ = f.InlinedCalls().Select(c => c.Origin().Name).Count();
        }
        _ = d.FindType("struct point")?.FindMember("y");
        _ = d.FindType("point_t")?.Resolve().Members;
    }

    public static void Btf(byte[] bytes, BtfFile? baseBtf)
    {
        var b = new BtfFile("fuzz", bytes, baseBtf);
        var sw = new StringWriter(new StringBuilder(1 << 16));
        BtfRawDump.Write(b, sw);
        var mod = new ModuleDebugInfo("fuzz", b);
        foreach (var t in b.OwnTypes())
        {
            if (t.Kind == BtfKind.Func)
            {
                _ = mod.Function(t.Name)?.ToString();
            }
            else if (t.Kind == BtfKind.Var)
            {
                _ = mod.VariableType(t.Name)?.CName;
            }
            else if (t.Kind is BtfKind.DataSec or BtfKind.DeclTag)
            {
                continue;
            }
            else
            {
                var ti = mod.TypeById(t.Id);
                _ = ti.CName;
                _ = ti.Size;
                _ = ti.Resolve();
                foreach (var m in ti.Members)
                {
                    _ = m.Type.CName;
                }

                _ = ti.FindMember("x");
            }
        }
        _ = mod.FunctionsMatching("*").Count();
        _ = mod.Type("struct point");
    }
}

[Collection("compiled")]
public class ElfDwarfFuzzTests(CompiledFixture cc)
{
    private static bool IsDebug(string name) => name.StartsWith(".debug", StringComparison.Ordinal) || name.StartsWith(".zdebug", StringComparison.Ordinal);

    [Theory]
    [InlineData("prog-gz", 1500)]  // compressed .debug_* (zlib)
    [InlineData("big-zstd", 300)]
    [InlineData("prog.o", 1500)]   // relocations
    public void ElfReaderOnlyThrowsFormatErrors(string which, int iterations)
    {
        var input = File.ReadAllBytes(cc.Path_(which));
        using var elf = ElfFile.FromBytes("x", input);
        var regions = new List<(int, int)> { (0, 64), ((int)elf.Header.SectionHeaderOffset, elf.Sections.Count * 64) };
        regions.AddRange(FuzzHarness.SectionRegions(input, n => n is ".symtab" or ".strtab" or ".shstrtab" or ".note.gnu.build-id" || IsDebug(n) || n.StartsWith(".rela", StringComparison.Ordinal)));
        FuzzHarness.Run(which, input, regions.ToArray(), iterations, seed: 5, FuzzTargets.Elf);
    }

    [Theory]
    [InlineData("prog-O2", 1500)]           // DWARF 5, location lists, inlines
    [InlineData("prog-dwarf4-O2", 800)]     // DWARF 4 .debug_loc/.debug_ranges
    [InlineData("prog-dwarf4-types", 800)]  // .debug_types, ref_sig8
    [InlineData("prog-types", 600)]         // DWARF 5 type units
    [InlineData("prog.o", 600)]             // relocated debug sections
    [InlineData("prog-dwarf64", 600)]
    public void DwarfReaderOnlyThrowsFormatErrors(string which, int iterations)
    {
        var input = File.ReadAllBytes(cc.Path_(which));
        FuzzHarness.Run(which, input, FuzzHarness.SectionRegions(input, IsDebug), iterations, seed: 11, FuzzTargets.Dwarf);
    }

    /// <summary>Split DWARF: the .dwo mutated, read through its (intact) skeleton's .debug_addr.</summary>
    [Fact]
    public void SplitDwarfReaderOnlyThrowsFormatErrors()
    {
        var skeletonPath = cc.Path_("prog-split");
        var dwo = File.ReadAllBytes(cc.Path_("prog-split-prog.dwo"));
        using var skeleton = DwarfFile.Open(skeletonPath);
        var unit = skeleton.Units[0];
        _ = unit.BaseAddress; // read the skeleton's bases before the worker thread shares it
        FuzzHarness.Run("prog-split-prog.dwo", dwo, FuzzHarness.SectionRegions(dwo, IsDebug), 600, seed: 13, b => FuzzTargets.Dwarf(b, unit));
    }
}

[Collection("kernel")]
public class BtfFuzzTests(KernelFixture fx)
{
    /// <summary>A standalone BTF from gcc -gbtf, and a small module's split BTF over the kernel's.</summary>
    [Fact]
    public void StandaloneBtfReaderOnlyThrowsFormatErrors()
    {
        var dir = Directory.CreateTempSubdirectory("stapper-btf-fuzz-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "prog.c"), CompiledFixture.Source);
            Oracle.RunIn(dir, "gcc", "-gbtf", "-O0", "-c", "prog.c", "-o", "prog.o");
            using var elf = ElfFile.Open(Path.Combine(dir, "prog.o"));
            var input = elf.SectionData(".BTF")!.Value.ToArray();
            FuzzHarness.Run("gcc -gbtf .BTF", input, [], 3000, seed: 17, b => FuzzTargets.Btf(b, null));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ModuleSplitBtfReaderOnlyThrowsFormatErrors()
    {
        var name = new[] { "crc_itu_t", "lz4_compress", "xxhash_generic", "crc32_generic", "nls_utf8" }.First(n => fx.Kernel.HasModule(n));
        var input = fx.Kernel.Module(name)!.Btf.Data.ToArray();
        FuzzHarness.Run($"{name}.ko .BTF", input, [], 1500, seed: 19, b => FuzzTargets.Btf(b, fx.Kernel.VmlinuxBtf));
    }

    [Fact]
    public void MutantsRoundTripThroughPatches()
    {
        var input = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        for (int i = 0; i < 200; i++)
        {
            var m = FuzzHarness.Mutate(input, [(10, 50)], new Random(i));
            Assert.Equal(m, FuzzHarness.Apply(input, FuzzHarness.Patch(input, m)));
        }
    }
}

/// <summary>What the long fuzz runs found (tests/fuzz/debuginfo), each rebuilt by hand on a real file.</summary>
[Collection("compiled")]
public class FuzzFindingsTests(CompiledFixture cc)
{
    /// <summary>sh_entsize of .symtab set to 2^32: the entry size truncated to 0 divided by zero.</summary>
    [Fact]
    public void SymbolEntrySizeThatTruncatesToZero()
    {
        var bytes = File.ReadAllBytes(cc.Path_("prog.o"));
        using (var elf = ElfFile.FromBytes("x", bytes))
        {
            var symtab = elf.Section(".symtab")!;
            long header = (long)elf.Header.SectionHeaderOffset + symtab.Index * 64;
            BitConverter.TryWriteBytes(bytes.AsSpan((int)header + 56, 8), 1UL << 32);
        }
        using var bad = ElfFile.FromBytes("entsize", bytes);
        var ex = Assert.Throws<DebugInfoFormatException>(() => bad.Symbols());
        Assert.Contains("entry size", ex.Reason);
    }

    /// <summary>A DWARF 5 line table header with an empty directory entry format and 2^32-1 directories: each entry read
    /// no bytes, so the loop spun (the fuzz run's 10 s hang on prog.o). A count past the bytes left is now an error.</summary>
    [Fact]
    public void LineTableWithEmptyEntryFormatAndHugeCount()
    {
        var bytes = File.ReadAllBytes(cc.Path_("prog"));
        using (var elf = ElfFile.FromBytes("x", bytes))
        {
            int line = (int)elf.Section(".debug_line")!.Offset;
            Assert.Equal(5, BitConverter.ToUInt16(bytes, line + 4));
            int opcodeBase = bytes[line + 17];
            int format = line + 18 + opcodeBase - 1;
            bytes[format] = 0;                                            // directory_entry_format_count
            new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f }.CopyTo(bytes, format + 1); // directories_count
        }
        using var d = DwarfFile.FromElf(ElfFile.FromBytes("lines", bytes), ownsElf: true);
        var ex = Assert.Throws<DebugInfoFormatException>(() => d.LineProgram(d.Units[0]));
        Assert.Contains("directories", ex.Reason);
    }

    /// <summary>A compressed section whose header claims 2 GiB: the decoder must not allocate what the header says
    /// (the fuzz run saw that as a 10 s stall); it reports the short stream.</summary>
    [Theory]
    [InlineData("prog-gz")]
    [InlineData("big-zstd")]
    public void CompressedSectionClaimingHugeSize(string which)
    {
        var bytes = File.ReadAllBytes(cc.Path_(which));
        using (var elf = ElfFile.FromBytes("x", bytes))
        {
            var info = elf.Section(".debug_info")!;
            Assert.True(info.IsCompressed);
            BitConverter.TryWriteBytes(bytes.AsSpan((int)info.Offset + 8, 8), 0x7fff0000UL);
        }
        using var bad = ElfFile.FromBytes("huge", bytes);
        var ex = Assert.Throws<DebugInfoFormatException>(() => bad.SectionData(".debug_info"));
        Assert.Contains("stream ended after", ex.Reason);
    }
}
