using Stapper.Elaborate;
using Stapper.Matching;

namespace Stapper.Tests.Elaborate;

/// <summary>kernel.function("f@FILE") reads the kernel's DWARF; without it, and for .inline and .exported, a clear
/// error, never a match on the name alone; f@FILE:LINE is the function's entry, with stap's warning.</summary>
public sealed class FileQualifierTests
{
    private static readonly SourceFunction[] Declared =
    [
        new("vfs_read", "fs/read_write.c", 452), new("vfs_readv", "fs/read_write.c", 871),
        new("vfs_read", "fs/other/read_write.c", 9), new("no_btf", "fs/read_write.c", 10),
        new("register_kprobe", "kernel/kprobes.c", 1600), new("read_write_init", "fs/read_write.c", 1700),
    ];

    private sealed class Kernel(bool dwarf) : IKernelSymbols
    {
        private static readonly string[] Btf = ["vfs_read", "vfs_readv", "register_kprobe"];

        public bool HasFunction(string name) => Btf.Contains(name);

        // in .init.text only: BTF lists it, KernelSymbols leaves it out
        public bool IsBootOnly(string name) => name == "read_write_init";

        public IEnumerable<string> BootOnlyMatching(string glob) => Glob.Match(glob, "read_write_init") ? ["read_write_init"] : [];

        public IEnumerable<string> FunctionsMatching(string glob) => Btf.Where(f => Glob.Match(glob, f));

        public string Release => "9.9.9-test";

        public bool HasDwarf => dwarf;

        // As KernelSymbols matches a file: the pattern, or "*/" and the pattern.
        public IReadOnlyList<SourceFunction>? FunctionsInFile(string glob, string file) => dwarf
            ? Declared.Where(f => Glob.Match(glob, f.Name) && (Glob.Match(file, f.File) || Glob.Match("*/" + file, f.File))).ToList()
            : null;
    }

    private static string Errors(string script, bool dwarf) =>
        string.Concat(Elaboration.Run(script, new Kernel(dwarf)).Diagnostics.Where(d => d.IsError).Select(new Stapper.Diagnostics.DiagnosticRenderer().Render));

    private static string[] Points(string script) =>
        Elaboration.Run(script, new Kernel(dwarf: true)).Program!.Probes.SelectMany(p => p.Sites).Select(s => s.Name).ToArray();

    [Fact]
    public void WithDwarfTheFileSelectsAndNamesFileAndLine()
    {
        // Each name once (the first file's), none BTF lacks (no kprobe by name), none from kernel/kprobes.c.
        Assert.Equal(
            ["kernel.function(\"vfs_read@fs/read_write.c:452\").call", "kernel.function(\"vfs_readv@fs/read_write.c:871\").call"],
            Points("probe kernel.function(\"*@*read_write.c\").call { println(1) }"));
        Assert.Equal(["kernel.function(\"vfs_read@fs/read_write.c:452\")"],
            Points("probe kernel.function(\"vfs_read@fs/read_write.c\") { println(1) }"));
    }

    [Fact]
    public void AFunctionOnlyInABootSectionIsWarnedOfAtTheProbesKeywordAndLeftOut()
    {
        static string Warnings(string script) => string.Concat(Elaboration.Run(script, new Kernel(dwarf: true)).Diagnostics
            .Where(d => d.Code == "sema.blocklisted-section").Select(new Stapper.Diagnostics.DiagnosticRenderer().Render));
        const string Warning = "WARNING: function read_write_init is in blocklisted section: keyword at t.stp:1:1\n";
        Assert.Equal(Warning + " source: probe kernel.function(\"*@fs/read_write.c\").call { println(1) }\n         ^\n",
            Warnings("probe kernel.function(\"*@fs/read_write.c\").call { println(1) }"));
        Assert.StartsWith(Warning, Warnings("probe kernel.function(\"read_*\") { println(1) }"));
        Assert.StartsWith(Warning, Warnings("probe kernel.function(\"read_write_init\") { println(1) }"));
        Assert.Equal("", Warnings("probe kprobe.function(\"read_*\") { println(1) }"));
        Assert.Equal(["kernel.function(\"vfs_read@fs/read_write.c:452\").call", "kernel.function(\"vfs_readv@fs/read_write.c:871\").call"],
            Points("probe kernel.function(\"*@fs/read_write.c\").call { println(1) }"));
    }

    [Fact]
    public void StapsListsLeaveOutLocksReturnsThatNeverHappenAndBlocklistedFilesWithItsWarnings()
    {
        var kernel = new FakeKernel("_raw_spin_lock", "do_exit", "vfs_read", "sock_intr_errno");
        string Warnings(string script, bool guru = false) => string.Concat(Elaboration.Run(script, kernel, o => o with { GuruMode = guru }).Diagnostics
            .Where(d => d.Code == "sema.blocklisted").Select(d => d.Message + "\n"));
        Assert.Equal("function _raw_spin_lock is blocklisted\nfunction sock_intr_errno is blocklisted\n",
            Warnings("probe kernel.function(\"*\") { println(1) }"));
        Assert.Equal("function do_exit return probe is blocklisted\nfunction _raw_spin_lock is blocklisted\n"
            + "function do_exit return probe is blocklisted\nfunction sock_intr_errno is blocklisted\n",
            Warnings("probe kernel.function(\"do_exit\").return, kernel.function(\"*\").return { println(1) }"));
        // guru mode does not lift them for vmlinux; kprobe.function takes symbols, as stap's
        Assert.Equal("function _raw_spin_lock is blocklisted\n", Warnings("probe kernel.function(\"_raw_spin_lock\") { println(1) }", guru: true));
        Assert.Equal("", Warnings("probe kprobe.function(\"_raw_spin_lock\") { println(1) }"));
        Assert.Equal("function register_kprobe is in blocklisted file\n", string.Concat(Elaboration.Run(
            "probe kernel.function(\"*@kernel/kprobes.c\") { println(1) }", new Kernel(dwarf: true)).Diagnostics
            .Where(d => d.Code == "sema.blocklisted").Select(d => d.Message + "\n")));
    }

    [Theory]
    [InlineData("probe kernel.function(\"vfs_read@fs/namei.c\") { }")]
    [InlineData("probe kernel.function(\"*@kernel/kprobes.c\").call { }")]
    public void WithDwarfAFunctionOfAnotherOrBlocklistedFileIsNoMatch(string script)
    {
        Assert.StartsWith("semantic error: while resolving probe point: identifier 'kernel' at t.stp:1:7\n", Errors(script, dwarf: true));
    }

    [Fact]
    public void WithoutDwarfTheErrorNamesThePackage()
    {
        Assert.StartsWith(
            "semantic error: a source file qualifier (@FILE) needs the kernel's DWARF debuginfo, which is not installed (install linux-image-9.9.9-test-dbg): identifier 'kernel' at t.stp:1:7\n",
            Errors("probe kernel.function(\"*@fs/proc*.c\") { }", dwarf: false));
    }

    [Theory]
    [InlineData("probe module(\"ext4\").function(\"ext4_*@fs/ext4/file.c\") { }", "a source file qualifier (@FILE) on a module's function")]
    [InlineData("probe kernel.function(\"vfs_read\").inline { }", ".inline")]
    [InlineData("probe kernel.function(\"vfs_read\").exported { }", ".exported")]
    public void WithDwarfItIsStillNoWiderMatch(string script, string what)
    {
        Assert.StartsWith("semantic error: " + what + " is not supported by this translator yet", Errors(script, dwarf: true));
    }

    [Fact]
    public void ALineIsTheFunctionsEntryWithStapsWarning()
    {
        var result = Elaboration.Run("probe kernel.function(\"vfs_read@fs/read_write.c:460\") { println(1) }", new Kernel(dwarf: true));
        Assert.Equal(["kernel.function(\"vfs_read@fs/read_write.c:452\")"], result.Program!.Probes.SelectMany(p => p.Sites).Select(s => s.Name));
        Assert.Contains(result.Diagnostics, d => !d.IsError && d.Message == "For probing a particular line, use a .statement() probe, not .function()");
    }

    [Fact]
    public void OptionalPointIsDropped()
    {
        Assert.Equal("", Errors("probe kernel.function(\"vfs_read@fs/read_write.c\") ?, begin { println(1) }", dwarf: false));
    }
}
