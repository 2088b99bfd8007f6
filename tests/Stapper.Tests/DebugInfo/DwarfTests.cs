using System.Globalization;
using System.Text.RegularExpressions;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.DebugInfo.Elf;

namespace Stapper.Tests.DebugInfo;

[Collection("compiled")]
public class DwarfTests(CompiledFixture cc)
{
    private static ulong ParseNum(string s) =>
        s.StartsWith("0x", StringComparison.Ordinal) ? ulong.Parse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : s.StartsWith('-') ? (ulong)long.Parse(s, CultureInfo.InvariantCulture) : ulong.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>DW_OP names of an expression, entry_value blocks included (as readelf prints them nested).</summary>
    private static List<string> OpNames(DwarfExpression e, DwarfUnit u)
    {
        var list = new List<string>();
        foreach (var op in e.Operations)
        {
            list.Add(op.Name);
            if (op.Opcode is DwOp.EntryValue or DwOp.GNUEntryValue)
            {
                list.AddRange(OpNames(DwarfExpression.Decode(op.Block, u.AddressSize, u.OffsetSize, u.Version), u));
            }
        }
        return list;
    }

    private static List<string> ReadelfOpNames(string text) => Regex.Matches(text, @"DW_OP_\w+").Select(m => m.Value).ToList();

    public static TheoryData<string> Binaries => new() { "prog", "prog-O2", "prog-dwarf4", "prog-dwarf4-O2", "prog-gz", "prog.o", "prog-O2.o", "big", "prog-clang", "prog-clang-O0", "prog-types", "prog-dwarf64", "prog-dwarf4-types" };


    /// <summary>Every DIE (offset, depth, abbrev, tag) and every attribute (offset, name, value) against readelf --debug-dump=info.</summary>
    [Theory]
    [MemberData(nameof(Binaries))]
    public void DiesMatchReadelf(string which)
    {
        CompareDies(cc.Path_(which), which);
    }

    private static void CompareDies(string path, string which)
    {
        var text = Oracle.Run("readelf", "--debug-dump=info", "-W", path);
        using var dwarf = DwarfFile.Open(path);
        var ours = dwarf.Units.Concat(dwarf.TypeUnits).SelectMany(u => u.Entries()).GetEnumerator(); // readelf: .debug_info, then .debug_types
        var dieRx = new Regex(@"^ <(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((\S+)\))?");
        var atRx = new Regex(@"^\s+<([0-9a-f]+)>\s+(\S+)\s*:\s?(.*)$");
        DwarfDie? die = null;
        int attrIndex = 0, dies = 0, attrs = 0, exprs = 0;
        foreach (var line in text.Split('\n'))
        {
            var dm = dieRx.Match(line);
            if (dm.Success)
            {
                if (die is not null)
                {
                    Assert.Equal(die.Attributes.Count, attrIndex);
                }

                if (dm.Groups[3].Value == "0") { die = null; continue; }
                Assert.True(ours.MoveNext(), $"readelf has more DIEs than we do at {line}");
                die = ours.Current;
                attrIndex = 0;
                dies++;
                Assert.Equal(ParseNum("0x" + dm.Groups[2].Value), die.Offset);
                Assert.Equal(int.Parse(dm.Groups[1].Value, CultureInfo.InvariantCulture), die.Depth);
                Assert.Equal(ulong.Parse(dm.Groups[3].Value, CultureInfo.InvariantCulture), die.AbbrevCode);
                Assert.Equal(dm.Groups[4].Value, die.TagName);
                continue;
            }
            var am = atRx.Match(line);
            if (!am.Success || die is null)
            {
                continue;
            }

            var a = die.Attributes[attrIndex++];
            attrs++;
            string where = $"{which} DIE <0x{die.Offset:x}> {line.Trim()}";
            Assert.True(ParseNum("0x" + am.Groups[1].Value) == a.Offset, where);
            Assert.True((DwAt.ToName(a.Name) ?? "?") == am.Groups[2].Value, where + $" vs {DwAt.ToName(a.Name)}");
            var value = am.Groups[3].Value.TrimEnd();
            var fm = Regex.Match(value, @"^\((\w+)\) ?(.*)$");
            Assert.True(fm.Success, where);
            Assert.True("DW_FORM_" + fm.Groups[1].Value == DwForm.ToName(a.Form), where + $" vs {DwForm.ToName(a.Form)}");
            value = fm.Groups[2].Value;
            switch (a.Value.Kind)
            {
                case DwarfValueKind.String:
                    {
                        var sm = Regex.Match(value, @"^\((?:offset|indexed string|index)[^)]*\): (.*)$");
                        string expected = sm.Success ? sm.Groups[1].Value : value;
                        Assert.True(expected == a.Value.String!.TrimEnd(), where + $" vs '{a.Value.String}'");
                        break;
                    }
                case DwarfValueKind.Reference:
                    {
                        // readelf prints "<0xABS>" for most forms, the raw unit-relative "0xREL" for ref8.
                        var rm = Regex.Match(value, @"^<?0x([0-9a-f]+)>?");
                        Assert.True(rm.Success, where);
                        ulong shown = ParseNum("0x" + rm.Groups[1].Value);
                        Assert.True(shown == a.Value.Value || (!value.StartsWith('<') && shown + die.Unit.Offset == a.Value.Value), where);
                    }
                    break;
                case DwarfValueKind.Block:
                    {
                        // readelf lists the bytes ("9 byte block: 3 40 40 ...") except for some DWARF 5 exprlocs.
                        var bm = Regex.Match(value, @"^(\d+) byte block: ((?:[0-9a-f]+ ?)*)");
                        Assert.True(bm.Success || (a.Form == DwForm.Exprloc && value.StartsWith('\t')), where);
                        if (bm.Success)
                        {
                            var bytes = bm.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(b => (byte)ParseNum("0x" + b)).ToArray();
                            Assert.True(bytes.SequenceEqual(a.Value.Bytes.ToArray()), where);
                        }
                        int paren = value.IndexOf("\t(", StringComparison.Ordinal);
                        if (paren < 0 && value.StartsWith('\t'))
                        {
                            paren = 0;
                        }

                        if (a.Form == DwForm.Exprloc && paren >= 0)
                        {
                            var e = DwarfExpression.Decode(a.Value.Bytes, die.Unit.AddressSize, die.Unit.OffsetSize, die.Unit.Version);
                            Assert.Equal(ReadelfOpNames(value[paren..]), OpNames(e, die.Unit));
                            exprs++;
                        }
                        break;
                    }
                case DwarfValueKind.TypeSignature:
                    {
                        Assert.True(ParseNum(value.TrimStart(':', ' ')) == a.Value.Value, where);
                        var def = die.Ref(a.Name);
                        Assert.NotNull(def);
                        Assert.Equal(a.Value.Value, def.Unit.TypeSignature);
                        Assert.Equal(def.Unit.Offset + def.Unit.TypeOffset, def.Offset);
                        break;
                    }
                case DwarfValueKind.Constant:
                case DwarfValueKind.SignedConstant:
                case DwarfValueKind.Flag:
                case DwarfValueKind.SectionOffset:
                case DwarfValueKind.Address:
                    {
                        var first = value.Split([' ', '\t'], 2)[0];
                        if (a.Value.Kind == DwarfValueKind.Address && value.StartsWith("(index", StringComparison.Ordinal))
                        {
                            first = Regex.Match(value, @"\): (0x[0-9a-f]+|0)").Groups[1].Value;
                        }

                        ulong expected = ParseNum(first);
                        ulong v = a.Value.Value;
                        int bytes = a.Form switch { DwForm.Data1 => 1, DwForm.Data2 => 2, DwForm.Data4 => 4, _ => 8 };
                        ulong mask = bytes == 8 ? ulong.MaxValue : (1UL << (bytes * 8)) - 1;
                        Assert.True(expected == v || (expected & mask) == (v & mask), where + $" vs 0x{v:x}");
                        break;
                    }
            }
        }
        if (die is not null)
        {
            Assert.Equal(die.Attributes.Count, attrIndex);
        }

        Assert.False(ours.MoveNext(), "we have more DIEs than readelf");
        Assert.True(dies > 50 && attrs > 200, $"{dies} DIEs, {attrs} attributes");
        if (which != "big")
        {
            Assert.True(exprs > 3, $"{exprs} expressions");
        }
    }

    /// <summary>A real kernel module built with -g against the installed kernel's headers: an ET_REL file whose
    /// .debug_* sections are only right after R_X86_64_32/64 relocations (readelf applies them too).</summary>
    [Fact]
    public void KernelModuleDwarfIsRelocatedLikeReadelf()
    {
        var release = Oracle.KernelRelease();
        Assert.True(File.Exists($"/lib/modules/{release}/build/Makefile"),
            $"kernel headers for {release} are not installed (apt-get install linux-headers-{release})");
        var dir = Path.Combine(cc.Dir, "kmod");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "stphello.c"), """
            #include <linux/module.h>
            #include <linux/fs.h>
            static int counter;
            static int stphello_open(struct inode *inode, struct file *f) { counter++; return inode->i_mode + (int)f->f_flags; }
            static struct file_operations fops = { .open = stphello_open };
            static int __init stphello_init(void) { return fops.open ? 0 : 1; }
            static void __exit stphello_exit(void) { }
            module_init(stphello_init);
            module_exit(stphello_exit);
            MODULE_LICENSE("GPL");
            """);
        File.WriteAllText(Path.Combine(dir, "Kbuild"), "obj-m := stphello.o\nccflags-y := -g\n");
        Oracle.RunIn(dir, "make", "-s", "-C", $"/lib/modules/{release}/build", $"M={dir}", "modules");
        var ko = Path.Combine(dir, "stphello.ko");
        using (var elf = ElfFile.Open(ko))
        {
            Assert.Equal(ElfType.Relocatable, elf.Header.Type);
            Assert.NotNull(elf.Section(".rela.debug_info"));
        }
        CompareDies(ko, "stphello.ko");
        using var dwarf = DwarfFile.Open(ko);
        var open = dwarf.FunctionsMatching("stphello_open").Single();
        Assert.Equal("int stphello_open(struct inode *inode, struct file *f)", open.ToString());
        var inode = open.Parameters[0].Type!.Target!;
        Assert.Equal("inode", inode.Name);
        // Same layout as the kernel's BTF says.
        using var k = KernelDebugInfo.Open(release, new KernelDebugInfoOptions { UseSysfs = false });
        var btfInode = k.Struct("inode")!;
        Assert.Equal(btfInode.Size, inode.Size);
        Assert.Equal(btfInode.Members.Select(m => (m.Name, m.BitOffset)), inode.Members.Select(m => (m.Name, m.BitOffset)));
        Assert.Equal(btfInode.FindMember("i_mode")!.Offset, inode.FindMember("i_mode")!.Offset);
    }

    [Theory]
    [InlineData("prog")]
    [InlineData("prog-O2")]
    [InlineData("prog-dwarf4")]
    [InlineData("prog-dwarf4-O2")]
    [InlineData("prog-gz")]
    [InlineData("big")]
    [InlineData("prog-clang")]
    [InlineData("prog-dwarf64")]
    public void LineTablesMatchReadelf(string which)
    {
        var path = cc.Path_(which);
        var text = Oracle.Run("readelf", "--debug-dump=decodedline", "-W", path);
        var rx = new Regex(@"^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+)(?:\s+(\d+))?(?:\s+(x))?\s*$", RegexOptions.Multiline);
        var expected = rx.Matches(text).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value} {(m.Groups[5].Success ? "x" : "")}").ToList();
        using var dwarf = DwarfFile.Open(path);
        var actual = new List<string>();
        foreach (var u in dwarf.Units)
        {
            var lp = dwarf.LineProgram(u);
            Assert.NotNull(lp);
            foreach (var row in lp.Rows)
            {
                var f = lp.File(row.File);
                Assert.NotNull(f);
                string name = Path.GetFileName(f.Name);
                actual.Add(row.EndSequence ? $"{name} - 0x{row.Address:x} " : $"{name} {row.Line} 0x{row.Address:x} {(row.IsStmt ? "x" : "")}");
            }
        }
        Assert.True(expected.Count > 10);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("prog-O2")]
    [InlineData("prog-dwarf4-O2")]
    [InlineData("prog-dwarf64")]
    public void LocationListsMatchReadelf(string which)
    {
        var path = cc.Path_(which);
        var text = Oracle.Run("readelf", "--debug-dump=loc", "-W", path);
        var rx = new Regex(@"^\s+([0-9a-f]{16}) ([0-9a-f]{16}) \((.*)\)\s*$", RegexOptions.Multiline);
        var expected = rx.Matches(text)
            .Select(m => $"{ParseNum("0x" + m.Groups[1].Value):x}-{ParseNum("0x" + m.Groups[2].Value):x} {string.Join(",", ReadelfOpNames(m.Groups[3].Value))}")
            .Order(StringComparer.Ordinal).ToList();
        using var dwarf = DwarfFile.Open(path);
        var seen = new HashSet<ulong>();
        var actual = new List<string>();
        foreach (var u in dwarf.Units)
        {
            foreach (var d in u.Entries())
            {
                var a = d.Attribute(DwAt.Location);
                if (a is null || a.Value.Value.Kind is not (DwarfValueKind.SectionOffset or DwarfValueKind.ListIndex))
                {
                    continue;
                }

                if (!seen.Add(a.Value.Value.Value))
                {
                    continue;
                }

                var loc = DwarfLocation.Of(d)!;
                Assert.True(loc.IsList);
                foreach (var e in loc.Entries)
                {
                    actual.Add($"{e.Low:x}-{e.High:x} {string.Join(",", OpNames(e.Expression, u))}");
                }
            }
        }

        actual.Sort(StringComparer.Ordinal);
        Assert.True(expected.Count > 5);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("prog")]
    [InlineData("prog-O2")]
    [InlineData("prog-dwarf4")]
    [InlineData("prog-dwarf4-O2")]
    [InlineData("prog-gz")]
    [InlineData("prog-clang")]
    public void FunctionAddressesMatchSymbols(string which)
    {
        var path = cc.Path_(which);
        using var elf = ElfFile.Open(path);
        using var dwarf = DwarfFile.FromElf(elf);
        var syms = elf.Symbols().Where(s => s.Type == ElfSymbolType.Func && s.IsDefined).ToLookup(s => s.Name);
        int n = 0;
        foreach (var f in dwarf.Functions().Where(f => f.HasCode))
        {
            var sym = syms[f.Name!].FirstOrDefault();
            if (sym.Name is null)
            {
                continue; // inlined-only copies have no symbol
            }

            Assert.Equal(sym.Value, f.LowPc);
            if (f.Ranges.Count == 1)
            {
                Assert.Equal(sym.Value + sym.Size, f.HighPc);
            }

            n++;
        }
        Assert.True(n >= 4, $"{n} functions matched");
        Assert.Equal(["add", "main", "mix", "scale"], dwarf.FunctionsMatching("*").Select(f => f.Name!).Where(x => x is "add" or "main" or "mix" or "scale").Distinct().Order());
        Assert.Single(dwarf.FunctionsMatching("sc?le"));
    }

    [Theory]
    [InlineData("prog")]
    [InlineData("prog-dwarf4")]
    [InlineData("prog-types")]
    [InlineData("prog-dwarf4-types")]
    public void ParametersAndTypesAtO0(string which)
    {
        using var dwarf = DwarfFile.Open(cc.Path_(which));
        var add = dwarf.FunctionsMatching("add").Single();
        Assert.False(add.IsExternal);
        Assert.Equal(16, add.DeclLine);
        Assert.EndsWith("prog.c", add.DeclFile);
        Assert.Equal(["a", "b"], add.Parameters.Select(p => p.Name));
        Assert.All(add.Parameters, p => Assert.Equal("int", p.Type!.Name));
        Assert.Equal("DW_OP_call_frame_cfa", add.FrameBase!.Entries[0].Expression.ToString());
        foreach (var p in add.Parameters)
        {
            var loc = p.Location!;
            Assert.False(loc.IsList);
            Assert.NotNull(loc.At(add.LowPc!.Value)!.FrameBaseOffset);
        }
        Assert.Contains(add.Locals(), v => v.Name == "sum");
        Assert.Equal("int add(int a, int b)", add.ToString());

        var scale = dwarf.FunctionsMatching("scale").Single();
        Assert.True(scale.IsExternal);
        Assert.Equal("long int scale(const point_t *p, long int factor, enum color c)", scale.ToString());
        var p0 = scale.Parameters[0].Type!;
        Assert.Equal(TypeKind.Pointer, p0.Kind);
        var point = p0.Target!.Resolve();
        Assert.Equal(TypeKind.Struct, point.Kind);
        Assert.Equal("point", point.Name);
        Assert.Equal(8ul, point.Size);
        Assert.Equal([("x", 0ul), ("y", 4ul)], point.Members.Select(m => (m.Name, m.Offset)));
        var color = scale.Parameters[2].Type!;
        Assert.Equal([("RED", 0L), ("GREEN", 5L), ("BLUE", -1L)], color.Enumerators.Select(e => (e.Name, e.Value)));

        var mix = dwarf.FunctionsMatching("mix").Single();
        Assert.Equal("double mix(union value v, struct flags *f, char **names, int (*cb)(int, int))", mix.ToString());
        var flags = mix.Parameters[1].Type!.Target!;
        Assert.Equal([("a", 0ul, 3u), ("b", 3ul, 5u), ("c", 8ul, 40u), ("tail", 64ul, 0u)],
            flags.Members.Select(m => (m.Name, m.BitOffset, m.BitFieldSize)));
        var value = mix.Parameters[0].Type!;
        Assert.Equal(TypeKind.Union, value.Kind);
        Assert.Equal("char bytes[8]", value.FindMember("bytes")!.Type.Declare("bytes"));
        Assert.Equal(8ul, value.Size);
        var pointT = dwarf.FindType("point_t")!;
        Assert.Equal(TypeKind.Typedef, pointT.Kind);
        Assert.Same(point, pointT.Resolve());
        Assert.Same(point, dwarf.FindType("struct point")); // type units hold it at depth 1 of their own unit
        Assert.Equal(TypeKind.Const, p0.Target!.Kind);
        Assert.Equal(8ul, p0.Target!.Size);
        Assert.Null(dwarf.FindType("cv_point")); // unused typedefs are not emitted
    }

    [Theory]
    [InlineData("prog")]
    [InlineData("prog-dwarf4")]
    public void LineLookups(string which)
    {
        using var dwarf = DwarfFile.Open(cc.Path_(which));
        var lp = dwarf.LineProgram(dwarf.Units[0])!;
        var add = dwarf.FunctionsMatching("add").Single();
        var row = lp.RowFor(add.LowPc!.Value)!.Value;
        Assert.Equal(17, row.Line); // the opening brace line of add()
        Assert.EndsWith("prog.c", lp.File(row.File)!.Path);
        var addrs = lp.AddressesFor("prog.c", 18); // int sum = a + b;
        var only = Assert.Single(addrs);
        Assert.InRange(only, add.LowPc!.Value, add.HighPc!.Value - 1);
        Assert.Equal(18, lp.RowFor(only)!.Value.Line);
        Assert.Empty(lp.AddressesFor("prog.c", 1));
        Assert.Empty(lp.AddressesFor("other.c", 18));
    }

    [Fact]
    public void OptimizedCodeHasLocationListsAndInlines()
    {
        using var dwarf = DwarfFile.Open(cc.Path_("prog-O2"));
        var scale = dwarf.FunctionsMatching("scale").Single();
        var p = scale.Parameters[0];
        Assert.Equal("p", p.Name);
        var loc = p.Location!;
        Assert.Equal("rdi", DwarfRegisters.X86_64(5));
        var atEntry = loc.At(scale.LowPc!.Value);
        Assert.NotNull(atEntry);
        Assert.Equal(5, atEntry.SingleRegister); // first argument in %rdi at entry
        var mix = dwarf.FunctionsMatching("mix").Single();
        Assert.Contains(mix.InlinedCalls(), d => d.Origin().Name == "square");
    }

    /// <summary>A split-DWARF object (.dwo, strx forms over .debug_str_offsets.dwo) against eu-readelf
    /// (binutils readelf 2.40 mis-resolves strx in .dwo files).</summary>
    [Fact]
    public void SplitDwarfObjectStringsMatchEuReadelf()
    {
        var path = cc.Path_("prog-split-prog.dwo");
        var text = Oracle.RunLenient("eu-readelf", "--debug-dump=info", path);
        var expected = Regex.Matches(text, @"^\s+(\w+)\s+\(strx\) ""(.*)""$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value}={m.Groups[2].Value}").ToList();
        using var dwarf = DwarfFile.Open(path);
        var u = Assert.Single(dwarf.Units);
        Assert.Equal(DwUt.SplitCompile, u.UnitType);
        var actual = u.Entries().SelectMany(d => d.Attributes).Where(a => a.Form == DwForm.Strx)
            .Select(a => $"{DwAt.ToName(a.Name)![6..]}={a.Value.String}").ToList();
        Assert.True(expected.Count > 20);
        Assert.Equal(expected, actual);
        Assert.Contains(dwarf.Functions(), f => f.Name == "scale");
    }

    /// <summary>Split DWARF: every addrx value of the .dwo resolves through the skeleton's .debug_addr to what
    /// readelf prints when it follows the skeleton to its .dwo; entry addresses equal the symbols.</summary>
    [Theory]
    [InlineData("prog-split")]
    [InlineData("prog-split4")]
    public void SplitDwarfAddressesMatchReadelf(string which)
    {
        var path = cc.Path_(which);
        var text = Oracle.Run("readelf", "--debug-dump=info", "-W", path);
        int dwoStart = text.IndexOf(".debug_info.dwo section", StringComparison.Ordinal);
        Assert.True(dwoStart > 0, "readelf did not follow the skeleton to its .dwo");
        var expected = Regex.Matches(text[dwoStart..], @"^\s+<([0-9a-f]+)>\s+(\w+)\s*:\s*\((?:addrx|GNU_addr_index)\) \(index: (0x[0-9a-f]+)\): (0x[0-9a-f]+|0)", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {ParseNum(m.Groups[3].Value)} {ParseNum(m.Groups[4].Value):x}").ToList();
        using var elf = ElfFile.Open(path);
        using var skeleton = DwarfFile.FromElf(elf);
        var unit = Assert.Single(skeleton.Units);
        using var dwo = skeleton.OpenSplitUnit(unit);
        Assert.NotNull(dwo);
        Assert.Same(unit, dwo.Skeleton);
        var actual = dwo.Units.SelectMany(u => u.Entries()).SelectMany(d => d.Attributes)
            .Where(a => a.Form is DwForm.Addrx or DwForm.GNUAddrIndex or DwForm.Addrx1 or DwForm.Addrx2 or DwForm.Addrx3 or DwForm.Addrx4)
            .Select(a => $"{a.Offset:x} {DwAt.ToName(a.Name)} {a.Value.Index} {a.Value.Value:x}").ToList();
        Assert.True(expected.Count > 5, $"{expected.Count} addrx values in readelf's dump");
        Assert.Equal(expected, actual);
        var syms = elf.Symbols().Where(s => s.Type == ElfSymbolType.Func && s.IsDefined).ToLookup(s => s.Name);
        foreach (var name in new[] { "scale", "main", "mix" })
        {
            var f = dwo.FunctionsMatching(name).Single();
            Assert.Equal(syms[name].Single().Value, f.LowPc);
        }
        // Without its skeleton a .dwo has indexes, not addresses.
        using var alone = DwarfFile.Open(dwo.Name);
        Assert.All(alone.Units.SelectMany(u => u.Entries()).SelectMany(d => d.Attributes).Where(a => a.Name == DwAt.LowPc),
            a => Assert.Equal(DwarfValueKind.ListIndex, a.Value.Kind));
    }

    [Fact]
    public void RelocatableObjectsReadLikeReadelf()
    {
        // prog.o: every .debug_* reference goes through a relocation; names must resolve.
        using var dwarf = DwarfFile.Open(cc.Path_("prog.o"));
        var names = dwarf.Functions().Select(f => f.Name).ToList();
        Assert.Contains("scale", names);
        Assert.Contains("main", names);
        var lp = dwarf.LineProgram(dwarf.Units[0])!;
        Assert.Contains(lp.Files, f => f.Name.EndsWith("prog.c", StringComparison.Ordinal));
    }

    [Fact]
    public void CorruptDwarfGivesFormatErrorsOnly()
    {
        var good = File.ReadAllBytes(cc.Path_("prog-O2"));
        using (var probe = ElfFile.FromBytes("p", good))
        {
            var targets = new[] { ".debug_info", ".debug_abbrev", ".debug_line", ".debug_loclists", ".debug_rnglists", ".debug_str_offsets", ".debug_addr" }
                .Select(probe.Section).Where(s => s is not null).Select(s => s!).ToArray();
            var rnd = new Random(42);
            for (int i = 0; i < 400; i++)
            {
                var bad = (byte[])good.Clone();
                var sec = targets[rnd.Next(targets.Length)];
                for (int k = 0; k < 1 + rnd.Next(6); k++)
                {
                    bad[(int)sec.Offset + rnd.Next((int)sec.Size)] = (byte)rnd.Next(256);
                }

                try
                {
                    using var d = DwarfFile.FromElf(ElfFile.FromBytes("fuzz", bad), ownsElf: true);
                    foreach (var u in d.Units)
                    {
                        foreach (var die in u.Entries())
                        {
                            _ = die.Attributes;
                            _ = die.Ranges();
                            if (die.Tag is DwTag.FormalParameter or DwTag.Variable)
                            {
                                _ = DwarfLocation.Of(die);
                            }
                        }
                        _ = d.LineProgram(u)?.Rows;
                    }
                    foreach (var f in d.Functions())
                    {
                        _ = f.ToString();
                    }
                }
                catch (DebugInfoFormatException)
                {
                }
            }
        }
    }
}
