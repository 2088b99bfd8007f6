using Stapper.DebugInfo.Dwarf;
using Stapper.Elaborate;
using Stapper.Matching;

namespace Stapper.Tests.Elaborate;

/// <summary>kernel.statement / module(...).statement / .label / statement(ADDR): names, stap's errors, and the error
/// naming the -dbg package when the DWARF is missing.</summary>
public sealed class KernelStatementTests
{
    private sealed class Kernel(bool dwarf) : IKernelSymbols
    {
        public bool HasFunction(string name) => name == "do_nanosleep";

        public IEnumerable<string> FunctionsMatching(string glob) => Glob.Match(glob, "do_nanosleep") ? ["do_nanosleep"] : [];

        public string Release => "9.9.9-test";

        public bool HasDwarf => dwarf;

        public KernelStatements? Statements(string? module, string function, string file, LineSpec lines, bool nearest)
        {
            if (!dwarf)
            {
                return null;
            }
            if (lines.Kind == LineSpecKind.Absolute && lines.First == 2086 && !nearest)
            {
                return new KernelStatements([], "no line records for kernel/time/hrtimer.c:2086 [man error::dwarf] (try :2085 or :2087)");
            }
            return new KernelStatements(Glob.Match(function, "do_nanosleep")
                ? [new KernelStatement("do_nanosleep", "kernel/time/hrtimer.c", 2087, "do_nanosleep", 0x54)]
                : []);
        }

        public KernelStatements? StatementAt(ulong address) => !dwarf ? null
            : address == 0xffffffff81a5892d ? new KernelStatements([new KernelStatement("", "", 0, "do_nanosleep", 0xd)])
            : new KernelStatements([], $"address 0x{address:x} does not match the beginning of a statement (try 0xffffffff81a5892d)");

        public KernelStatements? Labels(string? module, string function, string label) => !dwarf ? null
            : new KernelStatements([new KernelStatement("hrtimer_nanosleep", "kernel/time/hrtimer.c", 2154, "hrtimer_nanosleep", 0x5a, "out")]);
    }

    private static ElaborationResult Run(string script, bool dwarf = true, bool guru = false) =>
        Elaboration.Run(script, new Kernel(dwarf), o => o with { GuruMode = guru });

    private static string Errors(ElaborationResult result) =>
        string.Concat(result.Diagnostics.Where(d => d.IsError).Select(new Stapper.Diagnostics.DiagnosticRenderer().Render));

    private static KernelStatementSite[] Sites(ElaborationResult result) =>
        (result.Program ?? throw new InvalidOperationException(Errors(result))).Probes.SelectMany(p => p.Sites).Cast<KernelStatementSite>().ToArray();

    [Fact]
    public void StatementsAreNamedByFunctionFileAndLine()
    {
        var site = Assert.Single(Sites(Run("probe kernel.statement(\"do_nanosleep@kernel/time/hrtimer.c:2086\").nearest { println(1) }")));
        Assert.Equal("kernel.statement(\"do_nanosleep@kernel/time/hrtimer.c:2087\")", site.Name);
        Assert.Equal(("do_nanosleep", 0x54UL, (string?)null), (site.Symbol, site.Offset, site.Module));
        var label = Assert.Single(Sites(Run("probe kernel.function(\"hrtimer_nanosleep\").label(\"out\") { println(1) }")));
        Assert.Equal("kernel.function(\"hrtimer_nanosleep@kernel/time/hrtimer.c:2154\")", label.Name);
    }

    [Fact]
    public void ALineWithoutRecordsIsStapsError()
    {
        // stap's reason stands alone, then the point's no match; an optional point fails pass 2 the same way
        var errors = Errors(Run("probe kernel.statement(\"do_nanosleep@kernel/time/hrtimer.c:2086\") { }"));
        Assert.StartsWith("semantic error: no line records for kernel/time/hrtimer.c:2086 [man error::dwarf] (try :2085 or :2087)\n\n"
            + "semantic error: while resolving probe point: identifier 'kernel' at t.stp:1:7\n", errors);
        Assert.Contains("\nsemantic error: no match\n", errors);
        Assert.Equal("semantic error: no line records for kernel/time/hrtimer.c:2086 [man error::dwarf] (try :2085 or :2087)\n\n",
            Errors(Run("probe kernel.statement(\"do_nanosleep@kernel/time/hrtimer.c:2086\")?, begin { }")));
        Assert.StartsWith("semantic error: while resolving probe point: identifier 'kernel'", Errors(Run("probe kernel.statement(\"nosuch@*:*\") { }")));
    }

    [Fact]
    public void AnAddressMustBeginAStatementAndAbsoluteNeedsGuruMode()
    {
        var site = Assert.Single(Sites(Run("probe kernel.statement(0xffffffff81a5892d) { println(1) }")));
        Assert.Equal(("kernel.statement(0xffffffff81a5892d)", "do_nanosleep", 0xdUL), (site.Name, site.Symbol, site.Offset));
        Assert.StartsWith("semantic error: address 0xffffffff81a58930 does not match the beginning of a statement (try 0xffffffff81a5892d)\n\n"
            + "semantic error: while resolving probe point: identifier 'kernel'", Errors(Run("probe kernel.statement(0xffffffff81a58930) { }")));
        Assert.StartsWith("semantic error: absolute statement probe in unprivileged script; need stap -g",
            Errors(Run("probe kernel.statement(0xffffffff81a58930).absolute { }")));
        var absolute = Assert.Single(Sites(Run("probe kernel.statement(0xffffffff81a58930).absolute { println(1) }", guru: true)));
        Assert.Equal(("kernel.statement(0xffffffff81a58930).absolute", 0xffffffff81a58930UL), (absolute.Name, absolute.Absolute));
    }

    [Fact]
    public void WithoutDwarfTheErrorNamesThePackage()
    {
        Assert.StartsWith("semantic error: a statement or label probe needs the kernel's DWARF debuginfo, which is not installed (install linux-image-9.9.9-test-dbg)",
            Errors(Run("probe kernel.statement(\"do_nanosleep@*:*\") { }", dwarf: false)));
        Assert.Equal("", Errors(Run("probe kernel.statement(\"do_nanosleep@*:*\") ?, begin { println(1) }", dwarf: false)));
    }
}
