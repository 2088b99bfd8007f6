using System.Text;
using System.Text.RegularExpressions;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Btf;

namespace Stapper.Tests.DebugInfo;

[Collection("kernel")]
public class ModuleBtfTests(KernelFixture fx)
{
    private string ModulePath(string name)
    {
        var p = fx.Kernel.ModulePath(name);
        Assert.True(p is not null, $"module {name} not found under /lib/modules/{fx.Release}");
        return p;
    }

    private static string Dump(BtfFile btf)
    {
        var sw = new StringWriter(new StringBuilder(1 << 20)) { NewLine = "\n" };
        BtfRawDump.Write(btf, sw);
        return sw.ToString();
    }

    [Fact]
    public void ModuleIndex()
    {
        var names = fx.Kernel.ModuleNames();
        Assert.Contains("ext4", names);
        Assert.True(names.Count > 100);
        Assert.All(names, n => Assert.DoesNotContain('-', n));
        Assert.False(fx.Kernel.HasModule("no_such_module_here"));
        Assert.Null(fx.Kernel.Module("no_such_module_here"));
        Assert.Same(fx.Kernel.Kernel, fx.Kernel.Module("kernel"));
        var nf = fx.Kernel.ModulesMatching("nf_t*").ToList();
        Assert.Contains("nf_tables", nf);
        Assert.All(nf, n => Assert.StartsWith("nf_t", n));
        Assert.Equal(fx.Kernel.ModulePath("nf-tables"), fx.Kernel.ModulePath("nf_tables"));
    }

    [Theory]
    [InlineData("ext4")]
    [InlineData("xfs")]
    [InlineData("nf_tables")]
    public void SplitBtfMatchesBpftool(string module)
    {
        var path = ModulePath(module);
        var m = fx.Kernel.Module(module)!;
        Assert.Equal(fx.Kernel.VmlinuxBtf.TypeCount, m.Btf.FirstTypeId);
        var expected = Oracle.Run("bpftool", "btf", "dump", "-B", fx.BtfPath, "file", Oracle.PlainElf(path), "format", "raw");
        var actual = Dump(m.Btf);
        Assert.True(expected == actual, Oracle.FirstDifference(expected, actual));
    }

    [Fact]
    public void ModuleFunctionsAndTypes()
    {
        var ext4 = fx.Kernel.Module("ext4")!;
        Assert.True(ext4.HasFunction("ext4_file_open"));
        Assert.False(ext4.HasFunction("vfs_read")); // vmlinux's, not ext4's
        var f = ext4.Function("ext4_file_open")!;
        Assert.Equal("ext4", f.Module);
        Assert.Equal("int ext4_file_open(struct inode *inode, struct file *filp)", f.ToString());
        // struct inode comes from vmlinux: same object as the kernel's.
        Assert.Same(fx.Kernel.Struct("inode"), f.Parameters[0].Type.Target);
        var sbi = ext4.Struct("ext4_sb_info");
        Assert.NotNull(sbi);
        Assert.True(sbi.Size > 0);
        Assert.NotNull(ext4.Struct("task_struct")); // falls back to the base
        Assert.Null(fx.Kernel.Struct("ext4_sb_info")); // but not the other way round

        var raw = Oracle.Run("bpftool", "btf", "dump", "-B", fx.BtfPath, "file", Oracle.PlainElf(ModulePath("ext4")), "format", "raw");
        var expected = Regex.Matches(raw, @"^\[\d+\] FUNC '(ext4_[^']*)'", RegexOptions.Multiline)
            .Select(x => x.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, ext4.FunctionsMatching("ext4_*").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void CompressedModulesAreRead()
    {
        // A small module keeps xz/zstd/gzip fast; whatever the kernel ships (plain on 6.1, .ko.xz on 6.12), a plain copy
        // is compressed here in all three formats.
        var src = Oracle.PlainElf(fx.Kernel.ModuleNames().Select(n => fx.Kernel.ModulePath(n)!).OrderBy(p => new FileInfo(p).Length)
            .First(p => new FileInfo(p).Length > (p.EndsWith(".ko", StringComparison.Ordinal) ? 20000 : 8000)));
        var dir = Directory.CreateTempSubdirectory("stapper-ko-");
        try
        {
            var ko = Path.Combine(dir.FullName, Path.GetFileName(src));
            Assert.EndsWith(".ko", ko, StringComparison.Ordinal);
            File.Copy(src, ko);
            Oracle.Run("xz", "-k", "--check=crc32", ko);
            Oracle.Run("zstd", "-q", "-k", ko);
            Oracle.Run("gzip", "-k", ko);
            using var plain = BtfFile.Open(ko, fx.Kernel.VmlinuxBtf);
            string expected = Dump(plain);
            foreach (var ext in new[] { ".xz", ".zst", ".gz" })
            {
                using var c = BtfFile.Open(ko + ext, fx.Kernel.VmlinuxBtf);
                Assert.Equal(expected, Dump(c));
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
