using Stapper.DebugInfo;

namespace Stapper.Tests.DebugInfo;

/// <summary>The vDSO a module embeds as "vdso": the -dbg package's vdso64.so, or the stripped copy inside vmlinuz.</summary>
[Collection("kernel")]
public class KernelVdsoTests(KernelFixture fx)
{
    [Fact]
    public void TheKernelsOwnCopyIsTheDebugImageStripped()
    {
        var own = KernelVdso.Table($"/boot/vmlinuz-{fx.Release}");
        var full = KernelVdso.Table($"/usr/lib/debug/lib/modules/{fx.Release}/vdso/vdso64.so");
        Assert.NotNull(own);
        Assert.NotNull(full);
        Assert.Equal("vdso", own.Path);
        Assert.NotEqual("", own.BuildId);
        Assert.Equal(full.BuildId, own.BuildId);
        // the same load address for the same file offset (stripping shortens the segment's file size a little)
        Assert.Equal(full.Segments.Select(g => (g.VirtualAddress, g.Offset)), own.Segments.Select(g => (g.VirtualAddress, g.Offset)));
        Assert.Equal(full.Frames, own.Frames);
        // .dynsym's exported functions, all of them at the addresses the full .symtab has
        Assert.Contains(own.Symbols, s => s.Name == "__vdso_clock_gettime");
        Assert.All(own.Symbols, s => Assert.Contains(full.Symbols, f => f.Address == s.Address));
    }

    [Fact]
    public void NoVdsoInDataWithoutOne()
    {
        Assert.Null(KernelVdso.InKernel(new byte[4096]));
    }
}
