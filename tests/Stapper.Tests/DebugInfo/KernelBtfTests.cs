using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Btf;
using Xunit.Abstractions;

namespace Stapper.Tests.DebugInfo;

[Collection("kernel")]
public class KernelBtfTests(KernelFixture fx, ITestOutputHelper output)
{
    [Fact]
    public void WholeTypeTableMatchesBpftoolRaw()
    {
        var sw = new StringWriter(new StringBuilder(32 << 20)) { NewLine = "\n" };
        BtfRawDump.Write(fx.Kernel.VmlinuxBtf, sw);
        string ours = sw.ToString();
        string theirs = fx.BpftoolRaw;
        Assert.True(ours == theirs, Oracle.FirstDifference(theirs, ours));
        output.WriteLine($"{fx.Kernel.VmlinuxBtf.TypeCount - 1} types identical to bpftool; open took {fx.OpenTime.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void CacheIsKeyedByImage()
    {
        Assert.True(File.Exists(fx.BtfPath));
        var key = File.ReadAllText(fx.BtfPath + ".key");
        var info = new FileInfo($"/boot/vmlinuz-{fx.Release}");
        Assert.StartsWith($"{info.Length} {info.LastWriteTimeUtc.Ticks} ", key);
        Assert.Contains(fx.Release, Path.GetFileName(fx.BtfPath));
    }

    [Fact]
    public void ExtractsFreshIntoAnEmptyCache()
    {
        var dir = Path.Combine(Path.GetTempPath(), "stapper-btf-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cold = Stopwatch.StartNew();
            var path = KernelDebugInfo.CachedVmlinuzBtf(fx.Release, $"/boot/vmlinuz-{fx.Release}", dir);
            output.WriteLine($"vmlinuz -> vmlinux -> .BTF -> cache: {cold.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Equal(File.ReadAllBytes(fx.BtfPath), File.ReadAllBytes(path));
            var written = File.GetLastWriteTimeUtc(path);
            Assert.Equal(path, KernelDebugInfo.CachedVmlinuzBtf(fx.Release, $"/boot/vmlinuz-{fx.Release}", dir));
            Assert.Equal(written, File.GetLastWriteTimeUtc(path)); // a cache hit: not extracted again
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Fact]
    public void FunctionExistence()
    {
        Assert.True(fx.Kernel.HasFunction("vfs_read"));
        Assert.True(fx.Kernel.HasFunction("do_sys_open"));
        Assert.False(fx.Kernel.HasFunction("no_such_function_at_all"));
        Assert.False(fx.Kernel.HasFunction("task_struct")); // a struct, not a function
        Assert.Null(fx.Kernel.Function("no_such_function_at_all"));
    }

    [Theory]
    [InlineData("vfs_*")]
    [InlineData("*_openat*")]
    [InlineData("tcp_v4_?o*")]
    [InlineData("sys_[rw]*")]
    public void GlobMatchesBpftoolFunctionNames(string glob)
    {
        var regex = new Regex("^" + Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".").Replace(@"\[", "[") + "$");
        var expected = Regex.Matches(fx.BpftoolRaw, @"^\[\d+\] FUNC '([^']+)'", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Where(n => regex.IsMatch(n)).Distinct().Order(StringComparer.Ordinal).ToList();
        var actual = fx.Kernel.FunctionsMatching(glob).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        if (glob == "vfs_*")
        {
            Assert.Contains("vfs_read", actual);
        }
    }

    [Fact]
    public void VfsReadPrototype()
    {
        var f = fx.Kernel.Function("vfs_read");
        Assert.NotNull(f);
        Assert.Equal("kernel", f.Module);
        Assert.Equal(["file", "buf", "count", "pos"], f.Parameters.Select(p => p.Name));
        Assert.Equal("ssize_t", f.ReturnType.Name);
        Assert.Equal(TypeKind.Typedef, f.ReturnType.Kind);
        Assert.Equal(TypeKind.Integer, f.ReturnType.Resolve().Kind);
        Assert.True(f.ReturnType.Resolve().IsSigned);
        Assert.Equal(8ul, f.ReturnType.Size);
        Assert.Equal("struct file *", f.Parameters[0].Type.CName);
        Assert.Equal(TypeKind.Struct, f.Parameters[0].Type.Target!.Kind);
        Assert.Equal("loff_t *", f.Parameters[3].Type.CName);
        Assert.Equal("ssize_t vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)", f.ToString());
    }

    private static string NormalizeProto(string s)
    {
        s = s.Trim().TrimEnd(';');
        s = Regex.Replace(s, @"\s+", " ");
        s = Regex.Replace(s, @" ?\* ?", "*");
        s = s.Replace(" )", ")").Replace(" ,", ",");
        return s;
    }

    [Fact]
    public void EveryPrototypeMatchesPfunct()
    {
        var expected = Oracle.Run("pfunct", "-F", "btf", "--prototypes", fx.BtfPath)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NormalizeProto).ToHashSet();
        var btf = fx.Kernel.VmlinuxBtf;
        int checkedCount = 0, skipped = 0;
        var bad = new List<string>();
        foreach (var t in btf.OwnTypes())
        {
            if (t.Kind != BtfKind.Func)
            {
                continue;
            }

            var f = fx.Kernel.Kernel.TypeById(t.Type);
            string ours = NormalizeProto(f.Declare(t.Name));
            // pfunct misprints "T *const p" as "const T * p" and pointers to arrays as "T * *": skip those.
            if (ours.Contains("*const") || Regex.IsMatch(ours, @"\(\*+\w*\)\[")) { skipped++; continue; }
            checkedCount++;
            if (!expected.Contains(ours) && bad.Count < 20)
            {
                bad.Add(ours);
            }
        }
        Assert.True(bad.Count == 0, $"{bad.Count} prototypes not printed by pfunct, e.g.:\n" + string.Join("\n", bad));
        Assert.True(checkedCount > 10000);
        output.WriteLine($"{checkedCount} prototypes identical to pfunct's, {skipped} skipped (pfunct misprints them)");
    }

    [Fact]
    public void TaskStructLayoutMatchesBpftool()
    {
        var ts = fx.Kernel.Struct("task_struct");
        Assert.NotNull(ts);
        var m = Regex.Match(fx.BpftoolRaw, @"^\[(\d+)\] STRUCT 'task_struct' size=(\d+) vlen=(\d+)\n((?:\t.*\n)*)", RegexOptions.Multiline);
        Assert.True(m.Success);
        Assert.Equal(ulong.Parse(m.Groups[2].Value), ts.Size);
        var lines = m.Groups[4].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, ts.Members.Count);
        for (int i = 0; i < lines.Length; i++)
        {
            var lm = Regex.Match(lines[i], @"'([^']*)' type_id=\d+ bits_offset=(\d+)(?: bitfield_size=(\d+))?");
            var mem = ts.Members[i];
            Assert.Equal(lm.Groups[1].Value == "(anon)" ? "" : lm.Groups[1].Value, mem.Name);
            Assert.Equal(ulong.Parse(lm.Groups[2].Value), mem.BitOffset);
            Assert.Equal(lm.Groups[3].Success ? uint.Parse(lm.Groups[3].Value) : 0u, mem.BitFieldSize);
        }
    }

    /// <summary>pahole -C prints top-level members as "TYPE NAME; /* OFFSET SIZE */" (bit fields "/* OFFSET: BIT SIZE */"),
    /// anonymous unions/structs expanded inline. Compares name, byte offset and size of each top-level member.</summary>
    [Theory]
    [InlineData("task_struct")]
    [InlineData("file")]
    [InlineData("sk_buff")]
    [InlineData("list_head")]
    [InlineData("inode")]
    public void StructLayoutMatchesPahole(string name)
    {
        var (expected, totalSize) = Oracle.PaholeTopLevel(Oracle.Run("pahole", "-F", "btf", "-C", name, fx.BtfPath));
        var ts = fx.Kernel.Struct(name);
        Assert.NotNull(ts);
        Assert.Equal(totalSize, ts.Size);
        var actual = ts.Members.Select(m => (m.Name, m.StorageUnitOffset, m.Type.Size)).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void FollowsTypedefAndModifierChains()
    {
        var t = fx.Kernel.Typedef("atomic_t");
        Assert.NotNull(t);
        Assert.Equal(TypeKind.Typedef, t.Kind);
        var s = t.Resolve();
        Assert.Equal(TypeKind.Struct, s.Kind);
        Assert.Equal(4ul, t.Size);
        var counter = t.FindMember("counter");
        Assert.NotNull(counter);
        Assert.Equal("int", counter.Type.Resolve().Name);

        // task_struct.comm: char[16]; mm: struct mm_struct *; __state through anonymous members (6.x).
        var ts = fx.Kernel.Type("struct task_struct")!;
        var comm = ts.FindMember("comm")!;
        Assert.Equal(TypeKind.Array, comm.Type.Kind);
        Assert.Equal(16ul, comm.Type.ElementCount);
        Assert.Equal("char comm[16]", comm.Type.Declare("comm"));
        Assert.Equal("struct mm_struct *", ts.FindMember("mm")!.Type.CName);
        var pid = ts.FindMember("pid")!;
        Assert.Equal("pid_t", pid.Type.Name);
        Assert.Equal(4ul, pid.Type.Size);
    }

    [Fact]
    public void AnonymousMembersAreSearched()
    {
        // struct file: f_u is a union; struct sk_buff has members inside anonymous unions/structs.
        var skb = fx.Kernel.Struct("sk_buff")!;
        Assert.DoesNotContain(skb.Members, m => m.Name == "dev");
        var dev = skb.FindMember("dev");
        Assert.NotNull(dev);
        Assert.Equal("struct net_device *", dev.Type.CName);
        // Cross-check the absolute offset with pahole's expanded layout.
        var text = Oracle.Run("pahole", "-F", "btf", "-C", "sk_buff", fx.BtfPath);
        var m = Regex.Match(text, @"struct net_device \*\s+dev;\s+/\*\s+(\d+)\s+8 \*/");
        Assert.True(m.Success, text);
        Assert.Equal(ulong.Parse(m.Groups[1].Value), dev.Offset);
    }

    [Fact]
    public void BitFieldsAndEnums()
    {
        var ts = fx.Kernel.Struct("task_struct")!;
        var bit = ts.Members.First(m => m.IsBitField);
        Assert.True(bit.BitFieldSize is > 0 and < 64);
        var e = fx.Kernel.Enum("pid_type");
        Assert.NotNull(e);
        Assert.Equal(TypeKind.Enum, e.Kind);
        Assert.Contains(e.Enumerators, x => x.Name == "PIDTYPE_PID" && x.Value == 0);
        Assert.Equal("enum pid_type", e.CName);
    }
}
