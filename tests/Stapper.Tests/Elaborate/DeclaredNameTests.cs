using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

/// <summary>With the kernel's DWARF (the -dbg package), a kernel.function point is named as stap names it, by where the
/// function is declared (<c>f@FILE:LINE</c>), with stap's <c>pc=</c> in the -p2 listing; without it, by its BTF name.</summary>
public sealed class DeclaredNameTests
{
    private static readonly FakeKernel Dwarf = new("vfs_read", "vfs_readv", "vfs_readlink", "schedule")
    {
        Declared = new()
        {
            ["vfs_read"] = ("fs/read_write.c:450", 0xffffffff813669e0),
            ["vfs_readv"] = ("fs/read_write.c:906", 0xffffffff81365490),
            ["vfs_readlink"] = ("fs/namei.c:5157", 0xffffffff8137f1a0),
        },
        TextStart = 0xffffffff81000000,
    };

    private static List<ProbeSite> Sites(string script, FakeKernel kernel)
    {
        var result = Elaboration.Run(script, kernel);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        return [.. result.Program!.Probes.SelectMany(p => p.Sites)];
    }

    [Fact]
    public void AFunctionIsNamedByItsDeclarationWithItsPc()
    {
        var site = Assert.Single(Sites("probe kernel.function(\"vfs_read\").return { println(1) }", Dwarf));
        Assert.Equal("kernel.function(\"vfs_read@fs/read_write.c:450\").return", site.Name);
        Assert.Equal("_stext+0x3669e0", site.ListedPc);
        Assert.Equal("vfs_read", Assert.IsType<KernelFunctionSite>(site).Symbol);
    }

    [Fact]
    public void AWildcardIsInAddressOrderAsStapDerivesIt()
    {
        Assert.Equal(["kernel.function(\"vfs_readv@fs/read_write.c:906\")", "kernel.function(\"vfs_read@fs/read_write.c:450\")",
            "kernel.function(\"vfs_readlink@fs/namei.c:5157\")"],
            Sites("probe kernel.function(\"vfs_rea*\") { println(1) }", Dwarf).Select(s => s.Name));
    }

    [Fact]
    public void WhatDwarfDoesNotDescribeAndKprobeFunctionKeepTheirNames()
    {
        var site = Assert.Single(Sites("probe kernel.function(\"schedule\") { println(1) }", Dwarf));
        Assert.Equal(("kernel.function(\"schedule\")", null), (site.Name, site.ListedPc));
        site = Assert.Single(Sites("probe kprobe.function(\"vfs_read\") { println(1) }", Dwarf));
        Assert.Equal(("kprobe.function(\"vfs_read\")", null), (site.Name, site.ListedPc));
    }

    [Fact]
    public void WithoutDwarfTheBtfNameStands()
    {
        var site = Assert.Single(Sites("probe kernel.function(\"vfs_read\") { println(1) }", new FakeKernel("vfs_read")));
        Assert.Equal(("kernel.function(\"vfs_read\")", null), (site.Name, site.ListedPc));
    }

    [Fact]
    public void TheListingCarriesStapsPcComment()
    {
        var result = Elaboration.Run("probe kernel.function(\"vfs_read\") { println(1) }", Dwarf);
        Assert.Contains("\nkernel.function(\"vfs_read@fs/read_write.c:450\") /* pc=_stext+0x3669e0 */ /* <- kernel.function(\"vfs_read@fs/read_write.c:450\") */\n",
            ProgramPrinter.Print(result.Program!, verbose: false));
    }
}
