using System.Text.RegularExpressions;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.DebugInfo.Elf;
using Xunit.Abstractions;

namespace Stapper.Tests.DebugInfo;

/// <summary>The installed kernel's debug vmlinux (linux-image-KVER-dbg) and its BTF, opened once: the DWARF
/// back-end against readelf's symbols and pahole's layouts, and against the BTF back-end for the same queries.</summary>
public sealed class VmlinuxDwarfFixture : IDisposable
{
    /// <summary>Path of the debug vmlinux of the newest installed kernel, or null (the tests then skip, saying why).</summary>
    public static readonly string? VmlinuxPath = Find();

    public const string SkipReason = "no vmlinux with DWARF for the installed kernel (apt-get install linux-image-$(uname -r)-dbg, or the -dbg of the kernel in /boot)";

    private static string? Find() =>
        KernelDebugInfo.InstalledReleases().Select(TestKernel.VmlinuxDwarfPath).FirstOrDefault(p => p is not null);

    public VmlinuxDwarfFixture()
    {
        if (VmlinuxPath is null)
        {
            return;
        }

        Release = Path.GetFileName(VmlinuxPath).StartsWith("vmlinux-", StringComparison.Ordinal)
            ? Path.GetFileName(VmlinuxPath)["vmlinux-".Length..]
            : Path.GetFileName(Path.GetDirectoryName(VmlinuxPath)!);
        Kernel = KernelDebugInfo.Open(Release, new KernelDebugInfoOptions { UseSysfs = false });
        Dwarf = Kernel.VmlinuxDwarf() ?? throw new InvalidOperationException($"{VmlinuxPath} has no DWARF");
    }

    public string Release { get; } = "";
    public KernelDebugInfo Kernel { get; } = null!;
    public DwarfFile Dwarf { get; } = null!;

    private Dictionary<string, List<ulong>>? _symbols;
    /// <summary>FUNC symbols of vmlinux by name, from `readelf -sW`.</summary>
    public Dictionary<string, List<ulong>> ReadelfFunctions => _symbols ??= ParseSymbols(Oracle.Run("readelf", "-sW", VmlinuxPath!));

    internal static Dictionary<string, List<ulong>> ParseSymbols(string text)
    {
        var map = new Dictionary<string, List<ulong>>(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(text, @"^\s*\d+: ([0-9a-f]+)\s+\d+ FUNC\s+\w+\s+\w+\s+\d+ (\S+)$", RegexOptions.Multiline))
        {
            var name = m.Groups[2].Value;
            if (!map.TryGetValue(name, out var l))
            {
                map[name] = l = [];
            }

            l.Add(Convert.ToUInt64(m.Groups[1].Value, 16));
        }
        return map;
    }

    public void Dispose()
    {
        Dwarf?.Dispose();
        Kernel?.Dispose();
    }
}

/// <summary>A fact that needs the debug vmlinux: skipped, with the reason shown, when none is installed.</summary>
public sealed class VmlinuxDwarfFactAttribute : FactAttribute
{
    public VmlinuxDwarfFactAttribute()
    {
        if (VmlinuxDwarfFixture.VmlinuxPath is null)
        {
            Skip = VmlinuxDwarfFixture.SkipReason;
        }
    }
}

public sealed class VmlinuxDwarfTheoryAttribute : TheoryAttribute
{
    public VmlinuxDwarfTheoryAttribute()
    {
        if (VmlinuxDwarfFixture.VmlinuxPath is null)
        {
            Skip = VmlinuxDwarfFixture.SkipReason;
        }
    }
}

[CollectionDefinition("vmlinux-dwarf")]
public sealed class VmlinuxDwarfCollection : ICollectionFixture<VmlinuxDwarfFixture>;

[Collection("vmlinux-dwarf")]
public class VmlinuxDwarfTests(VmlinuxDwarfFixture fx, ITestOutputHelper output)
{
    private static readonly string[] Functions =
        ["vfs_read", "vfs_write", "do_sys_open", "ksys_read", "filp_close", "tcp_sendmsg", "schedule", "do_exit", "kernel_clone", "vfs_open"];

    /// <summary>Entry address of each function = its FUNC symbol in readelf -s; one DWARF copy with code per symbol.</summary>
    [VmlinuxDwarfFact]
    public void FunctionEntriesMatchReadelfSymbols()
    {
        foreach (var name in Functions)
        {
            var fs = fx.Dwarf.FunctionsMatching(name).ToList();
            Assert.True(fs.Count > 0, $"{name}: no DWARF subprogram with code");
            var syms = fx.ReadelfFunctions[name];
            var entries = fs.Select(f => f.EntryPc!.Value).Order().ToList();
            Assert.True(syms.Order().SequenceEqual(entries), $"{name}: readelf {string.Join(",", syms.Select(a => a.ToString("x")))}, DWARF {string.Join(",", entries.Select(a => a.ToString("x")))}");
            Assert.All(fs, f => Assert.Equal(name, f.Name));
            Assert.EndsWith(".c", fs[0].DeclFile ?? "", StringComparison.Ordinal);
        }
        var vfsRead = fx.Dwarf.FunctionsMatching("vfs_read").First();
        Assert.EndsWith("fs/read_write.c", vfsRead.DeclFile);
        Assert.Equal(["file", "buf", "count", "pos"], vfsRead.Parameters.Select(p => p.Name));
        Assert.Equal(["struct file *", "char *", "size_t", "loff_t *"], vfsRead.Parameters.Select(p => p.Type!.CName));
        // gcc -O2: parameters live in registers and move; at the entry, the x86-64 calling convention holds.
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(new[] { 5, 4, 1, 2 }[i], vfsRead.Parameters[i].Location!.At(vfsRead.EntryPc!.Value)!.SingleRegister);
        }
    }

    /// <summary>Wildcards find the same names as the symbol table (functions with code; inlined-only ones have no symbol).</summary>
    [VmlinuxDwarfFact]
    public void WildcardMatchesSymbolNames()
    {
        var dwarf = fx.Dwarf.FunctionsMatching("vfs_*").Select(f => f.Name!).Distinct().Order(StringComparer.Ordinal).ToList();
        var syms = fx.ReadelfFunctions.Keys.Where(n => n.StartsWith("vfs_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var missing = syms.Except(dwarf).ToList();
        // Symbols without DWARF are compiler clones (vfs_x.isra.0, .cold, .part.0) and assembler symbols.
        Assert.All(missing, n => Assert.Contains('.', n));
        Assert.Empty(dwarf.Except(syms));
        Assert.Contains("vfs_read", dwarf);
        output.WriteLine($"{dwarf.Count} vfs_* functions with code; {missing.Count} symbols are compiler clones");
    }

    /// <summary>The DWARF and BTF back-ends give the same prototype for the same function, over a spread of BTF's functions.</summary>
    [VmlinuxDwarfFact]
    public void PrototypesAgreeWithBtf()
    {
        var btf = fx.Kernel.Kernel;
        var names = btf.FunctionsMatching("*").ToList();
        int step = Math.Max(1, names.Count / 200), compared = 0;
        var bad = new List<string>();
        foreach (var name in Functions.Concat(names.Where((_, i) => i % step == 0)))
        {
            var b = btf.Function(name);
            if (b is null)
            {
                continue;
            }

            var d = fx.Dwarf.FunctionsMatching(name).Select(f => Proto(f)).ToHashSet();
            if (d.Count == 0)
            {
                continue; // BTF keeps functions whose only DWARF is a declaration in another unit
            }

            compared++;
            if (!d.Contains(b.ToString()) && !WeakStubOf(b.ToString(), d) && bad.Count < 10)
            {
                bad.Add($"BTF {b} / DWARF {string.Join(" | ", d)}");
            }
        }
        Assert.True(bad.Count == 0, string.Join("\n", bad));
        Assert.True(compared > 150, $"{compared} compared");
        output.WriteLine($"{compared} prototypes identical from BTF and DWARF");
    }

    /// <summary>
    /// BTF may keep the prototype of a syscall's weak stub (kernel/sys_ni.c names its parameter <c>__unused</c>)
    /// where DWARF lists the real definition: the same prototype but for parameter names.
    /// </summary>
    private static bool WeakStubOf(string btf, IEnumerable<string> dwarf) =>
        btf.Contains("__unused", StringComparison.Ordinal) && dwarf.Any(d => WithoutNames(d) == WithoutNames(btf));

    private static string WithoutNames(string prototype) =>
        Regex.Replace(prototype, @"\s*\b\w+(?=[,)])", "");

    /// <summary>A DWARF prototype spelled as <see cref="FunctionInfo.ToString"/> spells BTF's.</summary>
    private static string Proto(DwarfFunction f, bool names = true)
    {
        var ret = f.ReturnType;
        var ps = f.Parameters.Select(p => p.Type is { } t ? t.Declare(names ? p.Name ?? "" : "") : "?");
        var args = string.Join(", ", ps);
        if (f.IsVariadic)
        {
            args = args.Length > 0 ? args + ", ..." : "...";
        }

        if (args.Length == 0)
        {
            args = "void";
        }

        return ret is null ? $"void {f.Name}({args})" : ret.Declare($"{f.Name}({args})");
    }

    public static TheoryData<string> Structs => new() { "task_struct", "file", "dentry", "inode", "sk_buff", "mm_struct", "super_block", "list_head" };

    /// <summary>Struct layouts from DWARF = pahole -F dwarf on the same file (top-level members, offsets, sizes).</summary>
    [VmlinuxDwarfTheory]
    [MemberData(nameof(Structs))]
    public void StructLayoutMatchesPaholeDwarf(string name)
    {
        var (expected, size) = Oracle.PaholeTopLevel(Oracle.Run("pahole", "-F", "dwarf", "-C", name, VmlinuxDwarfFixture.VmlinuxPath!));
        var t = fx.Dwarf.FindType("struct " + name);
        Assert.NotNull(t);
        Assert.Equal(size, t.Size);
        Assert.Equal(expected, t.Members.Select(m => (m.Name, m.StorageUnitOffset, m.Type.Size)).ToList());
    }

    /// <summary>The same struct from BTF and from DWARF: every member's name, bit offset, bit-field size and C type.</summary>
    [VmlinuxDwarfTheory]
    [MemberData(nameof(Structs))]
    public void StructLayoutAgreesWithBtf(string name)
    {
        var d = fx.Dwarf.FindType("struct " + name)!;
        var b = fx.Kernel.Struct(name)!;
        Assert.Equal(b.Size, d.Size);
        Assert.Equal(Flatten(b), Flatten(d));
        foreach (var member in new[] { "pid", "comm", "f_pos", "d_name", "i_mode", "len", "mmap_base", "s_dev", "next" })
        {
            Assert.Equal(b.FindMember(member)?.BitOffset, d.FindMember(member)?.BitOffset);
        }
    }

    /// <summary>Members down through anonymous aggregates, as "offset:bits name type".</summary>
    private static List<string> Flatten(TypeInfo t)
    {
        var list = new List<string>();
        void Walk(TypeInfo s, ulong baseBits, int depth)
        {
            foreach (var m in s.Members)
            {
                list.Add($"{baseBits + m.BitOffset}:{m.BitFieldSize} {m.Name} {m.Type.CName}");
                if (m.IsAnonymous && depth < 8)
                {
                    Walk(m.Type.Resolve(), baseBits + m.BitOffset, depth + 1);
                }
            }
        }
        Walk(t, 0, 0);
        return list;
    }

    /// <summary>Typedef chains and enums read the same from both back-ends.</summary>
    [VmlinuxDwarfFact]
    public void TypedefsAndEnumsAgreeWithBtf()
    {
        foreach (var td in new[] { "size_t", "loff_t", "atomic_t", "pid_t", "gfp_t" })
        {
            var b = fx.Kernel.Typedef(td)!;
            var d = fx.Dwarf.FindType(td)!;
            Assert.Equal(TypeKind.Typedef, d.Kind);
            Assert.Equal(b.Size, d.Size);
            Assert.Equal(b.Resolve().CName, d.Resolve().CName);
        }
        var be = fx.Kernel.Enum("pid_type")!;
        var de = fx.Dwarf.FindType("enum pid_type")!;
        Assert.Equal(be.Enumerators, de.Enumerators);
    }

    /// <summary>A module's DWARF from the -dbg package (ET_REL, relocated on read): ext4 entry addresses = readelf's
    /// section-relative symbols, prototypes = pfunct -F dwarf on the same .ko and = the module's BTF.</summary>
    [VmlinuxDwarfFact]
    public void ModuleDwarfMatchesReadelfPfunctAndBtf()
    {
        // The -dbg package that gave vmlinux ships the modules' debug .ko beside it.
        using var d = fx.Kernel.ModuleDwarf("ext4");
        Assert.NotNull(d);
        Assert.StartsWith("/usr/lib/debug/", d.Name, StringComparison.Ordinal);
        Assert.Equal(ElfType.Relocatable, d.Elf.Header.Type);
        var syms = VmlinuxDwarfFixture.ParseSymbols(Oracle.Run("readelf", "-sW", d.Name));
        var pfunct = Oracle.Run("pfunct", "-F", "dwarf", "-P", "--no_parm_names", d.Name).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(NormalizeProto).ToHashSet();
        var m = fx.Kernel.Module("ext4")!;
        int n = 0;
        foreach (var name in m.FunctionsMatching("ext4_file_*").Concat(m.FunctionsMatching("ext4_*read*")))
        {
            var fs = d.FunctionsMatching(name).ToList();
            if (fs.Count == 0)
            {
                continue;
            }

            var f = fs.First(f => f.Die.Attribute(DwAt.LowPc) is not null || fs.Count == 1);
            if (syms.TryGetValue(name, out var addrs) && f.Die.Attribute(DwAt.LowPc) is not null)
            {
                Assert.Contains(f.LowPc!.Value, addrs);
            }

            Assert.Equal(m.Function(name)!.ToString(), Proto(f));
            Assert.Contains(NormalizeProto(Proto(f, names: false)), pfunct);
            n++;
        }
        Assert.True(n > 10, $"{n} ext4 functions compared");
        var (expected, size) = Oracle.PaholeTopLevel(Oracle.Run("pahole", "-F", "dwarf", "-C", "ext4_inode_info", d.Name));
        var t = d.FindType("struct ext4_inode_info")!;
        Assert.Equal(size, t.Size);
        Assert.Equal(expected, t.Members.Select(x => (x.Name, x.StorageUnitOffset, x.Type.Size)).ToList());
        Assert.Equal(Flatten(m.Struct("ext4_inode_info")!), Flatten(t));
        output.WriteLine($"{n} ext4 functions identical to readelf, pfunct and BTF");
    }

    private static string NormalizeProto(string s)
    {
        s = s.Trim().TrimEnd(';');
        s = Regex.Replace(s, @"\s+", " ");
        s = Regex.Replace(s, @" ?\* ?", "*");
        return s.Replace(" )", ")").Replace(" ,", ",");
    }
}
