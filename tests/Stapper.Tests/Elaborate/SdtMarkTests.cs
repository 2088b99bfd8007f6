using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.DebugInfo;

namespace Stapper.Tests.Elaborate;

/// <summary>A program with SDT markers (sys/sdt.h from systemtap-sdt-dev), compiled once for the marker tests.</summary>
public sealed class SdtProgramFixture : IDisposable
{
    public SdtProgramFixture()
    {
        Dir = Directory.CreateTempSubdirectory("stapper-sdt-").FullName;
        File.WriteAllText(Path.Combine(Dir, "m.c"), """
            #define _SDT_HAS_SEMAPHORES 1
            #include <sys/sdt.h>
            #include <unistd.h>
            unsigned short app_ready_semaphore __attribute__((section(".probes")));
            unsigned short app_pair_semaphore __attribute__((section(".probes")));
            unsigned short other_ready_semaphore __attribute__((section(".probes")));
            int main(int argc, char **argv)
            {
                STAP_PROBE(app, ready);
                STAP_PROBE2(app, pair, argc, argv);
                STAP_PROBE(other, ready);
                if (argc > 2)
                    pause();
                return 0;
            }
            """);
        Oracle.RunIn(Dir, "gcc", "-O2", "m.c", "-o", "m");
    }

    public string Dir { get; }

    public string Program => Path.Combine(Dir, "m");

    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>SDT markers: argument specifications, the sites a .mark point resolves to, and stap's diagnostics.</summary>
public sealed class SdtMarkTests(SdtProgramFixture sdt) : IClassFixture<SdtProgramFixture>
{
    [Theory]
    [InlineData("-4@%edi", 4, true, "SdtRegister { Field = di, Bytes = 4 }")]
    [InlineData("8@%rax", 8, false, "SdtRegister { Field = ax, Bytes = 8 }")]
    [InlineData("-1@%al", 1, true, "SdtRegister { Field = ax, Bytes = 1 }")]
    [InlineData("2@%r10w", 2, false, "SdtRegister { Field = r10, Bytes = 2 }")]
    [InlineData("1@%sil", 1, false, "SdtRegister { Field = si, Bytes = 1 }")]
    [InlineData("4@$-294967296", 4, false, "SdtConstant { Value = -294967296 }")]
    [InlineData("-8@-16(%rbp)", 8, true, "SdtMemory { Displacement = -16, Base = bp, Index = , Scale = 1 }")]
    [InlineData("8@8(%rax,%rcx,4)", 8, false, "SdtMemory { Displacement = 8, Base = ax, Index = cx, Scale = 4 }")]
    public void ArgumentSpecificationsParse(string spec, int size, bool signed, string operand)
    {
        var a = SdtArgument.Parse(spec);
        Assert.NotNull(a);
        Assert.Equal((size, signed, operand), (a.Size, a.Signed, a.Operand.ToString()));
    }

    [Theory]
    [InlineData("8@foo(%rip)")]
    [InlineData("4@%ah")]
    [InlineData("3@%eax")]
    [InlineData("4@(%eax)")]
    [InlineData("w0")]
    public void OtherSpecificationsAreNotRead(string spec) => Assert.Null(SdtArgument.Parse(spec));

    private ElaborationResult Run(string body) => Elaboration.Run(body.Replace("PROG", sdt.Program));

    [Fact]
    public void AMarkIsAStatementAtItsAddressWithItsSemaphore()
    {
        var notes = UserBinary.Open(sdt.Program)!.Marks;
        var result = Run("""probe process("PROG").mark("*") { println($$name) }""");
        Assert.Empty(result.Diagnostics.Where(d => d.IsError));
        var sites = result.Program!.Probes.SelectMany(p => p.Sites).Cast<UserMarkSite>().ToList();
        Assert.Equal(notes.Count, sites.Count);
        Assert.Equal(["app.ready", "app.pair", "other.ready"], sites.Select(s => s.Provider + "." + s.Mark));
        Assert.All(sites, s => Assert.NotEqual(0UL, s.SemaphoreOffset));
        var pair = notes.Single(n => n.Name == "pair");
        Assert.Equal($"process(\"{sdt.Program}\").statement(0x{pair.Address:x})", sites[1].Name);
    }

    [Fact]
    public void ProviderNarrowsTheMarks()
    {
        var result = Run("""probe process("PROG").provider("other").mark("read*") { println($$provider) }""");
        Assert.Equal(["other"], result.Program!.Probes.SelectMany(p => p.Sites).Cast<UserMarkSite>().Select(s => s.Provider));
    }

    [Fact]
    public void AnUnknownMarkIsNoMatchWithTheFilesMarks()
    {
        var errors = Render(Run("""probe process("PROG").mark("redy") { println(1) }""").Diagnostics);
        Assert.Contains("semantic error: while resolving probe point: identifier 'process' at t.stp:1:7\n", errors);
        Assert.Contains("semantic error: no match (similar marks: ready, pair)\n", errors);
    }

    [Fact]
    public void AnArgumentPastTheLastIsStapsDebuginfoError()
    {
        var errors = Render(Run("""probe process("PROG").mark("pair") { println($arg3) }""").Diagnostics.Where(d => d.IsError));
        Assert.StartsWith($"semantic error: debuginfo scope not found for module '{sdt.Program}', cannot resolve context variable [man error::dwarf]: identifier '$arg3' at t.stp:1:", errors);
        Assert.Contains("semantic error: target-symbol requires debuginfo: identifier '$arg3'", errors);
    }

    [Fact]
    public void ArgumentsAndParmsResolve()
    {
        var result = Run("""probe process("PROG").mark("pair") { printf("%d %d %s %s\n", $arg1, $arg2, $$parms, $$name) }""");
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
    }

    [Fact]
    public void ListingNamesMarkersAsStapDoes()
    {
        // stap 4.8's -L: pp() names a marker by its address, the listing by its name, with its arguments as longs.
        var stdout = new StringWriter();
        var status = Stapper.Cli.Driver.RunCore(["-L", $"process(\"{sdt.Program}\").mark(\"*\")"], stdout, new StringWriter());
        Assert.Equal((0, $"process(\"{sdt.Program}\").mark(\"pair\") $arg1:long $arg2:long\nprocess(\"{sdt.Program}\").mark(\"ready\")\n"),
            (status, stdout.ToString()));
    }

    [Fact]
    public void ListingNamesPltStubsAndSystemCallsAsStapDoes()
    {
        // stap 4.8's -L: a stub by its function (pp() by its address); a system call's variables, at return too.
        var stdout = new StringWriter();
        var status = Stapper.Cli.Driver.RunCore(["-L", $"process(\"{sdt.Program}\").plt.return"], stdout, new StringWriter());
        Assert.Equal((0, $"process(\"{sdt.Program}\").plt(\"pause\").return\n"), (status, stdout.ToString()));
        stdout = new StringWriter();
        status = Stapper.Cli.Driver.RunCore(["-L", "process.syscall.return"], stdout, new StringWriter());
        Assert.Equal((0, "process.syscall.return $syscall:long $arg1:long $arg2:long $arg3:long $arg4:long $arg5:long $arg6:long\n"),
            (status, stdout.ToString()));
    }

    private static string Render(IEnumerable<Diagnostic> diagnostics) => string.Concat(diagnostics.Select(new DiagnosticRenderer().Render));
}
