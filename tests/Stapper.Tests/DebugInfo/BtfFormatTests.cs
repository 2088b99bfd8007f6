using System.Text;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Btf;

namespace Stapper.Tests.DebugInfo;

[Collection("kernel")]
public class BtfFormatTests(KernelFixture fx)
{
    private static string Dump(BtfFile btf)
    {
        var sw = new StringWriter(new StringBuilder(1 << 20)) { NewLine = "\n" };
        BtfRawDump.Write(btf, sw);
        return sw.ToString();
    }

    /// <summary>The running kernel's /sys/kernel/btf/vmlinux (a different, newer kernel in CI containers, with
    /// DECL_TAG and TYPE_TAG kinds) against bpftool; skipped, saying so, when the running kernel exposes no BTF.</summary>
    [RequiresFact(Need.SysfsBtf)]
    public void RunningKernelSysfsBtfMatchesBpftool()
    {
        const string SysfsBtf = "/sys/kernel/btf/vmlinux";

        using var btf = BtfFile.Open(SysfsBtf);
        var expected = Oracle.Run("bpftool", "btf", "dump", "file", SysfsBtf, "format", "raw");
        var actual = Dump(btf);
        Assert.True(expected == actual, Oracle.FirstDifference(expected, actual));
        using var k = KernelDebugInfo.Open(KernelDebugInfo.RunningRelease());
        Assert.Equal(SysfsBtf, k.VmlinuxBtf.Name);
        Assert.True(k.HasFunction("vfs_read"));
    }

    [Fact]
    public void MissingKernelIsReportedClearly()
    {
        var ex = Assert.Throws<DebugInfoNotFoundException>(() =>
            KernelDebugInfo.Open("0.0.0-no-such-kernel", new KernelDebugInfoOptions { UseSysfs = false }));
        Assert.Contains("0.0.0-no-such-kernel", ex.Message);
    }

    [Fact]
    public void TruncatedOrCorruptBtfGivesFormatErrorsOnly()
    {
        var good = File.ReadAllBytes(fx.BtfPath);
        Assert.Throws<DebugInfoFormatException>(() => new BtfFile("x", new byte[10]));
        Assert.Throws<DebugInfoFormatException>(() => new BtfFile("x", good.AsMemory(0, 24)));
        var ex = Assert.Throws<DebugInfoFormatException>(() => new BtfFile("trunc", good.AsMemory(0, good.Length / 2)));
        Assert.Equal("trunc", ex.File);

        // Flip bytes in the module's split BTF (small, so many rounds are cheap) and walk everything.
        var ko = fx.Kernel.Module("ext4")!.Btf;
        var bytes = ko.Data.ToArray();
        var rnd = new Random(7);
        for (int i = 0; i < 120; i++)
        {
            var bad = (byte[])bytes.Clone();
            for (int k = 0; k < 1 + rnd.Next(8); k++)
            {
                bad[rnd.Next(bad.Length)] = (byte)rnd.Next(256);
            }

            try
            {
                var b = new BtfFile("fuzz", bad, fx.Kernel.VmlinuxBtf);
                _ = Dump(b);
                _ = b.FindFirst("ext4_sb_info", BtfKind.Struct);
                var mod = new ModuleDebugInfo("fuzz", b);
                foreach (var t in b.OwnTypes())
                {
                    if (t.Kind is BtfKind.Struct or BtfKind.Union)
                    {
                        var ti = mod.TypeById(t.Id);
                        _ = ti.Size;
                        foreach (var mem in ti.Members)
                        {
                            _ = mem.Type.CName;
                        }
                    }
                    else if (t.Kind == BtfKind.Func)
                    {
                        _ = mod.Function(t.Name)?.ToString();
                    }
                }
            }
            catch (DebugInfoFormatException)
            {
            }
        }
    }

    /// <summary>Found by fuzzing: a prototype whose parameters point back at it. Each parameter restarted the depth
    /// guard, so spelling it recursed until the stack overflowed (and took the test host down).</summary>
    [Fact]
    public void PrototypeWhoseParametersPointAtItself()
    {
        var blob = BuildBtf(
            [
                // [1] FUNC_PROTO (void)(p, p, p), [2] PTR -> 1
                (0u, (13u << 24) | 3u, 0u, [1u, 2u, 1u, 2u, 1u, 2u]),
                (0u, (2u << 24), 1u, []),
            ],
            "\0p\0");
        var m = new ModuleDebugInfo("x", new BtfFile("synthetic", blob));
        var name = m.TypeById(2).CName;
        Assert.Contains("(*p)(", name);
        Assert.Contains("?", name);
    }

    [Fact]
    public void TypeInfoOverCorruptBtfNeverLoopsForever()
    {
        // A typedef that refers to itself: Resolve/Size/CName must stop with our exception.
        var blob = BuildBtf(
            [
                // [1] TYPEDEF 'loop' -> 1
                (1u, (8u << 24), 1u, []),
                // [2] PTR -> 1
                (0u, (2u << 24), 1u, []),
                // [3] ARRAY of itself
                (0u, (3u << 24), 0u, [3u, 3u, 2u]),
                // [4] STRUCT 'r' with an anonymous member of its own type
                (6u, (4u << 24) | 1u, 4u, [0u, 4u, 0u]),
            ],
            "\0loop\0r\0");
        var btf = new BtfFile("synthetic", blob);
        Assert.StartsWith("[1] TYPEDEF 'loop' type_id=1\n[2] PTR '(anon)' type_id=1\n[3] ARRAY", Dump(btf));
        var m = new ModuleDebugInfo("x", btf);
        var t = m.TypeById(1);
        Assert.Throws<DebugInfoFormatException>(() => t.Resolve());
        Assert.Throws<DebugInfoFormatException>(() => t.Size);
        Assert.NotNull(m.TypeById(2).CName);
        Assert.Throws<DebugInfoFormatException>(() => m.TypeById(99));
        Assert.Throws<DebugInfoFormatException>(() => m.TypeById(3).Size);
        Assert.NotNull(m.TypeById(3).CName);
        Assert.Null(m.Struct("r")!.FindMember("nope"));
    }

    [Fact]
    public void EveryKindDecodes()
    {
        // Hand-built blob with one of each kind, checked against bpftool's rendering rules.
        var strings = "\0int\0s\0m\0f\0p\0e\0A\0B\0fwd\0td\0v\0.data\0dt\0tt\0fl\0e64\0";
        int S(string n) => strings.IndexOf("\0" + n + "\0", StringComparison.Ordinal) + 1;
        var blob = BuildBtf(
            [
                ((uint)S("int"), 1u << 24, 4u, [(1u << 24) | 32u]),                   // [1] INT int signed 32
                (0u, 2u << 24, 1u, []),                                                 // [2] PTR -> 1
                (0u, 3u << 24, 0u, [1u, 1u, 4u]),                                       // [3] ARRAY int[4]
                ((uint)S("s"), (4u << 24) | (1u << 31) | 2u, 8u, [(uint)S("m"), 1u, 0u, (uint)S("f"), 1u, (3u << 24) | 32u]), // [4] STRUCT bitfield
                (0u, (5u << 24) | 1u, 4u, [(uint)S("m"), 1u, 0u]),                     // [5] UNION anon
                ((uint)S("e"), (6u << 24) | (1u << 31) | 2u, 4u, [(uint)S("A"), unchecked((uint)-1), (uint)S("B"), 2u]), // [6] ENUM signed
                ((uint)S("fwd"), (7u << 24) | (1u << 31), 0u, []),                    // [7] FWD union
                ((uint)S("td"), 8u << 24, 1u, []),                                      // [8] TYPEDEF
                (0u, 9u << 24, 1u, []),                                                 // [9] VOLATILE
                (0u, 10u << 24, 9u, []),                                                // [10] CONST
                (0u, 11u << 24, 2u, []),                                                // [11] RESTRICT
                (0u, (13u << 24) | 2u, 1u, [(uint)S("p"), 2u, 0u, 0u]),               // [12] FUNC_PROTO int (int *p, ...)
                ((uint)S("f"), (12u << 24) | 1u, 12u, []),                             // [13] FUNC global
                ((uint)S("v"), 14u << 24, 1u, [1u]),                                    // [14] VAR global
                ((uint)S(".data"), (15u << 24) | 1u, 16u, [14u, 0u, 4u]),             // [15] DATASEC
                ((uint)S("fl"), 16u << 24, 8u, []),                                     // [16] FLOAT
                ((uint)S("dt"), 17u << 24, 4u, [unchecked((uint)-1)]),                 // [17] DECL_TAG on struct s
                ((uint)S("tt"), 18u << 24, 1u, []),                                     // [18] TYPE_TAG
                ((uint)S("e64"), (19u << 24) | 1u, 8u, [(uint)S("A"), 0u, 1u]),       // [19] ENUM64 unsigned 1<<32
            ],
            strings);
        var btf = new BtfFile("synthetic", blob);
        var expected = """
            [1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED
            [2] PTR '(anon)' type_id=1
            [3] ARRAY '(anon)' type_id=1 index_type_id=1 nr_elems=4
            [4] STRUCT 's' size=8 vlen=2
            	'm' type_id=1 bits_offset=0
            	'f' type_id=1 bits_offset=32 bitfield_size=3
            [5] UNION '(anon)' size=4 vlen=1
            	'm' type_id=1 bits_offset=0
            [6] ENUM 'e' encoding=SIGNED size=4 vlen=2
            	'A' val=-1
            	'B' val=2
            [7] FWD 'fwd' fwd_kind=union
            [8] TYPEDEF 'td' type_id=1
            [9] VOLATILE '(anon)' type_id=1
            [10] CONST '(anon)' type_id=9
            [11] RESTRICT '(anon)' type_id=2
            [12] FUNC_PROTO '(anon)' ret_type_id=1 vlen=2
            	'p' type_id=2
            	'(anon)' type_id=0
            [13] FUNC 'f' type_id=12 linkage=global
            [14] VAR 'v' type_id=1, linkage=global
            [15] DATASEC '.data' size=16 vlen=1
            	type_id=14 offset=0 size=4 (VAR 'v')
            [16] FLOAT 'fl' size=8
            [17] DECL_TAG 'dt' type_id=4 component_idx=-1
            [18] TYPE_TAG 'tt' type_id=1
            [19] ENUM64 'e64' encoding=UNSIGNED size=8 vlen=1
            	'A' val=4294967296ULL

            """.Replace("\r", "");
        Assert.Equal(expected, Dump(btf));
        var m = new ModuleDebugInfo("x", btf);
        var f = m.Function("f")!;
        Assert.True(f.IsVariadic);
        Assert.Equal("int f(int *p, ...)", f.ToString());
        Assert.Equal("global", f.Linkage);
        Assert.Equal(16ul, m.TypeById(3).Size);
        Assert.Equal("int[4]", m.TypeById(3).CName);
        Assert.Equal("const volatile int", m.TypeById(10).CName);
        Assert.Equal("int *restrict", m.TypeById(11).CName);
        Assert.Equal(TypeKind.Forward, m.TypeById(7).Kind);
        Assert.True(m.TypeById(7).IsUnionForward);
        Assert.Equal(TypeKind.Float, m.TypeById(16).Kind);
        Assert.Equal(TypeKind.Integer, m.TypeById(18).Resolve().Kind);
        Assert.Equal(1L << 32, m.TypeById(19).Enumerators[0].Value);
        Assert.Equal("int", m.VariableType("v")!.Name);
        Assert.Equal(2, m.Struct("s")!.Members.Count);
        var bit = m.Struct("s")!.FindMember("f")!;
        Assert.Equal((32ul, 3u, 4ul, 0ul), (bit.BitOffset, bit.BitFieldSize, bit.StorageUnitOffset, bit.BitOffsetInUnit));
    }

    /// <summary>Builds a little-endian BTF blob: types are (name_off, info, size_or_type, tail words).</summary>
    internal static byte[] BuildBtf((uint name, uint info, uint sizeOrType, uint[] tail)[] types, string strings)
    {
        var t = new MemoryStream();
        var w = new BinaryWriter(t);
        foreach (var (name, info, st, tail) in types)
        {
            w.Write(name);
            w.Write(info);
            w.Write(st);
            foreach (var x in tail)
            {
                w.Write(x);
            }
        }
        var s = Encoding.ASCII.GetBytes(strings);
        var o = new MemoryStream();
        var h = new BinaryWriter(o);
        h.Write((ushort)0xEB9F);
        h.Write((byte)1);
        h.Write((byte)0);
        h.Write(24u);
        h.Write(0u);
        h.Write((uint)t.Length);
        h.Write((uint)t.Length);
        h.Write((uint)s.Length);
        h.Write(t.ToArray());
        h.Write(s);
        return o.ToArray();
    }
}
