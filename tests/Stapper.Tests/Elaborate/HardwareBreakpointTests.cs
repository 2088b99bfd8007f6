using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// kernel.data(ADDRESS|"SYMBOL")[.length(N)].write/.rw: the site names stap 4.8 gives at -p2 (the address in hex, the length
/// always), its errors for incomplete or unknown forms, and the kernel configuration it needs.
/// </summary>
public sealed class HardwareBreakpointTests
{
    private static ElaborationResult Run(string point, Func<string, string?>? config = null) =>
        Elaboration.Run("probe " + point + " { println(1) }", null, o => o with { KernelConfig = config });

    private static HardwareBreakpointSite Site(string point)
    {
        var result = Run(point);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        return Assert.IsType<HardwareBreakpointSite>(result.Program!.Probes.Single().Sites.Single());
    }

    private static string Errors(string point, Func<string, string?>? config = null) =>
        string.Concat(Run(point, config).Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));

    [Fact]
    public void AddressAndSymbolForms()
    {
        var w = Site("kernel.data(0x1234).write");
        Assert.Equal((0x1234UL, (string?)null, 1L, false, "kernel.data(0x1234).length(1).write"), (w.Address, w.Symbol, w.Length, w.ReadToo, w.Name));
        var rw = Site("kernel.data(4660).length(4).rw");
        Assert.Equal((4L, true, "kernel.data(0x1234).length(4).rw"), (rw.Length, rw.ReadToo, rw.Name));
        // As stap, any length passes pass 2 (the runtime rounds it).
        Assert.Equal("kernel.data(0x1234).length(3).rw", Site("kernel.data(0x1234).length(3).rw").Name);
        Assert.Equal("kernel.data(0xffffffffffffffff).length(1).write", Site("kernel.data(-1).write").Name);
        Assert.Equal("kernel.length(1).write", Site("kernel.data(0).write").Name);
        var sym = Site("kernel.data(\"vm_dirty_ratio\").rw");
        Assert.Equal((0UL, "vm_dirty_ratio", 1L, "kernel.data(\"vm_dirty_ratio\").length(1).rw"), (sym.Address, sym.Symbol, sym.Length, sym.Name));
    }

    [Fact]
    public void StapsErrors()
    {
        Assert.Equal("semantic error: while resolving probe point: identifier 'kernel' at t.stp:1:7\n"
            + "        source: probe kernel.data(0x1234) { println(1) }\n"
            + "                      ^\n\n"
            + "semantic error: probe point truncated (follow:  length(number) rw write): identifier 'data' at :1:14\n"
            + "        source: probe kernel.data(0x1234) { println(1) }\n"
            + "                             ^\n\n",
            Errors("kernel.data(0x1234)"));
        Assert.Contains("probe point truncated (follow:  rw write): identifier 'length' at :1:27", Errors("kernel.data(0x1234).length(4)"));
        Assert.Contains("probe point mismatch (similar: rw, write): identifier 'length' at :1:37", Errors("kernel.data(\"vm_dirty_ratio\").length(4).rw"));
        Assert.Contains("probe point mismatch (similar: rw, write, length): identifier 'foo' at :1:27", Errors("kernel.data(0x1234).foo"));
        Assert.Contains("probe point mismatch (similar: rw, write, length): identifier 'read' at :1:24", Errors("kernel.data(0x1).read"));
        Assert.Contains("invalid suffix for probe: identifier 'foo' at :1:33", Errors("kernel.data(0x1234).write.foo"));
        Assert.DoesNotContain("resolving", Errors("kernel.data(0x1234).foo ?"));
    }

    [Fact]
    public void TheKernelMustHaveHardwareBreakpoints()
    {
        Assert.Contains("CONFIG_HAVE_HW_BREAKPOINT not available on this kernel: identifier 'kernel' at :1:7",
            Errors("kernel.data(0x10).write", name => name == "CONFIG_PERF_EVENTS" ? "y" : null));
        Assert.Contains("CONFIG_PERF_EVENTS not available on this kernel", Errors("kernel.data(0x10).write", _ => null));
        Assert.Equal("", Errors("kernel.data(0x10).write", _ => "y"));
    }
}
