using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.DebugInfo;

namespace Stapper.Tests.Elaborate;

/// <summary>A program built -O2 -g once per run, whose lines the statement tests probe.</summary>
public sealed class LinesProgramFixture : IDisposable
{
    public LinesProgramFixture()
    {
        Dir = Directory.CreateTempSubdirectory("stapper-lines-").FullName;
        File.WriteAllText(Path.Combine(Dir, "lines.c"), """
            __attribute__((noinline)) int step(int a, int b)
            {
            	int twice = (a + b) * 2;
            	if (twice > 100)
            		goto done;
            	twice += a;
            done:
            	return twice - b;
            }
            int main(int argc, char **argv) { return step(argc, 3); }
            """);
        Oracle.RunIn(Dir, "gcc", "-g", "-O2", "-fno-inline", "lines.c", "-o", "lines");
    }

    public string Dir { get; }

    public string Program => Path.Combine(Dir, "lines");

    public string Source => Path.Combine(Dir, "lines.c");

    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>process("PATH").statement(...), .label and statement(ADDR): sites from the program's DWARF line table, the
/// variables DWARF places at the line, stap's errors; and the line table usymfileline() reads.</summary>
public sealed class UserStatementTests(LinesProgramFixture lines) : IClassFixture<LinesProgramFixture>
{
    private static string Render(IEnumerable<Diagnostic> diagnostics) => string.Concat(diagnostics.Select(new DiagnosticRenderer().Render));

    private UserStatementSite[] Sites(string point)
    {
        var result = Elaboration.Run($"probe process(\"{lines.Program}\").{point} {{ println(1) }}");
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return [.. result.Program!.Probes.Single().Sites.Cast<UserStatementSite>()];
    }

    private UserLineTable Table => UserLineTable.Read(lines.Program, lines.Program)!;

    [Fact]
    public void ALineIsAUprobeAtItsLowestRecordNamedByFunctionFileAndLine()
    {
        var site = Sites("statement(\"step@lines.c:6\")").Single();
        Assert.Equal($"process(\"{lines.Program}\").statement(\"step@{lines.Source}:6\")", site.Name);
        var binary = UserBinary.Open(lines.Program)!;
        Assert.Equal(binary.FileOffsetOf(site.Pc), site.FileOffset);
        Assert.Equal(6, Lookup(site.Pc).Line);
        // -O2 keeps the parameters in registers at that line: readable there
        var a = site.Scope!.Parameters.ToList().FindIndex(p => p.Name == "a");
        Assert.NotNull(site.Load(a) ?? site.Address(a, false));
        Assert.True(site.UserMemory);
    }

    [Fact]
    public void RangesWildcardsNearestAndLabels()
    {
        Assert.Equal(["3", "4"], Sites("statement(\"step@lines.c:3-4\")").Select(s => s.Name.Split(':')[^1].TrimEnd('"', ')')));
        Assert.Contains(Sites("statement(\"step@lines.c:*\")"), s => s.Name.EndsWith(":8\")", StringComparison.Ordinal));
        // line 7 is the label's: no records of its own, .nearest takes line 8
        Assert.EndsWith(":8\")", Sites("statement(\"step@lines.c:7\").nearest").Single().Name);
        Assert.Equal($"process(\"{lines.Program}\").function(\"step@{lines.Source}:7\")", Sites("function(\"step\").label(\"done\")").Single().Name);
    }

    [Fact]
    public void StapsErrors()
    {
        var noRecords = Render(Elaboration.Run($"probe process(\"{lines.Program}\").statement(\"step@lines.c:7\") {{ }}").Diagnostics);
        Assert.Contains($"semantic error: no line records for {lines.Source}:7 [man error::dwarf] (try :6 or :8)\n", noRecords);
        Assert.Contains("semantic error: no match\n", noRecords);
        var start = Sites("statement(\"step@lines.c:3\")").Single().Pc;
        var inside = Render(Elaboration.Run($"probe process(\"{lines.Program}\").statement(0x{start + 1:x}) {{ }}").Diagnostics);
        Assert.Contains($"does not match the beginning of a statement (try 0x", inside);
        Assert.Equal($"process(\"{lines.Program}\").statement(0x{start:x})", Sites($"statement(0x{start:x})").Single().Name);
        var absent = Render(Elaboration.Run($"probe process(\"{lines.Program}.absent\").statement(\"f@x.c:1\") {{ }}").Diagnostics);
        Assert.Contains("semantic error: while resolving probe point: identifier 'process'", absent);
        Assert.Contains("semantic error: no match\n", absent);
        Assert.Contains("semantic error: absolute process probes not available [man error::inode-uprobes]\n",
            Render(Elaboration.Run("probe process(1).statement(0x1000).absolute { }").Diagnostics));
    }

    [Fact]
    public void TheLineTableNamesEachAddressBySourceFileAndLine()
    {
        var table = Table;
        var site = Sites("statement(\"step@lines.c:8\")").Single();
        var row = Lookup(site.Pc);
        Assert.Equal(8, row.Line);
        Assert.Equal(lines.Source, table.Files[row.File]);
        Assert.Equal(0, Lookup(0).Line);
    }

    private UserLine Lookup(ulong address) => Table.Rows.LastOrDefault(r => r.Address <= address);
}
