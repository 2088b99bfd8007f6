using System.Globalization;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.Matching;

namespace Stapper.Tests.DebugInfo;

/// <summary>A small C program compiled with -g here, its lines known: "FUNC@FILE:LINES" as stap maps it to addresses
/// (checked with addr2line), and the variables a statement sees.</summary>
public sealed class StatementProgram : IDisposable
{
    public StatementProgram()
    {
        Dir = Directory.CreateTempSubdirectory("stapper-stmt-").FullName;
        File.WriteAllText(Path.Combine(Dir, "lines.c"), Source);
        Oracle.RunIn(Dir, "gcc", "-g", "-O0", "lines.c", "-o", "lines");
        Oracle.RunIn(Dir, "gcc", "-g", "-O2", "lines.c", "-o", "lines-O2");
    }

    public string Dir { get; }

    private readonly Dictionary<string, DwarfFile> _open = [];

    /// <summary>A binary's DWARF, open until the fixture goes (statement lines keep their DIEs).</summary>
    public DwarfFile Dwarf(string binary)
    {
        lock (_open)
        {
            return _open.TryGetValue(binary, out var d) ? d : _open[binary] = DwarfFile.Open(Path.Combine(Dir, binary));
        }
    }

    // Line numbers matter: work() is declared on line 2, its body is lines 3-9.
    public const string Source = """
        static volatile int sink;
        static int __attribute__((noinline)) work(int n)
        {
            int total = 0;
            for (int i = 0; i < n; i++)
                total += i;
            sink = total;
            return total;
        }

        int main(int argc, char **argv)
        {
            (void)argv;
            return work(argc) & 1;
        }
        """;

    public void Dispose()
    {
        foreach (var d in _open.Values)
        {
            d.Dispose();
        }
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}

public class StatementLineTests(StatementProgram program) : IClassFixture<StatementProgram>
{
    private StatementLines Find(string spec, bool nearest = false, string binary = "lines")
    {
        var dwarf = program.Dwarf(binary);
        Assert.True(LineSpec.TrySplit(spec, out var function, out var file, out var lines));
        return DwarfStatements.Find(dwarf, function, path => Glob.Match(file ?? "*", path) || Glob.Match("*/" + (file ?? "*"), path), lines, nearest);
    }

    [Fact]
    public void WildcardWalksTheFunctionsLinesUpwardFromItsFirst()
    {
        var found = Find("work@lines.c:*");
        Assert.Null(found.Error);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], found.Lines.Select(l => l.Line));
        Assert.All(found.Lines, l => Assert.Equal("work", l.Function));
        // Each address is where addr2line places that line, and the lowest of the line's addresses in work.
        var addresses = string.Join(" ", found.Lines.Select(l => "0x" + l.Address.ToString("x", CultureInfo.InvariantCulture)));
        var where = Oracle.RunIn(program.Dir, "addr2line", ["-e", "lines", .. addresses.Split(' ')]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(found.Lines.Select(l => "lines.c:" + l.Line), where.Select(w => Path.GetFileName(w.Split(' ')[0])));
        Assert.Equal(found.Lines.Select(l => l.Address).Distinct().Count(), found.Lines.Count);
    }

    [Fact]
    public void AbsoluteRelativeAndRangeLines()
    {
        var five = Assert.Single(Find("work@lines.c:5").Lines);
        Assert.Equal(5, five.Line);
        Assert.Equal(five.Address, Find("work@lines.c:*").Lines.Single(l => l.Line == 5).Address);
        Assert.Equal(4, Assert.Single(Find("work@lines.c+2").Lines).Line);           // decl line 2, plus 2
        Assert.Equal([4, 5, 6], Find("work@lines.c:4-6").Lines.Select(l => l.Line));
        Assert.Empty(Find("work@lines.c:10-11").Lines);                             // a range without records is no error
        var entry = Assert.Single(Find("work@lines.c").Lines);                      // no line: the entry, named by decl line
        Assert.Equal(2, entry.Line);
    }

    [Fact]
    public void ALineWithoutRecordsIsStapsErrorAndNearestTakesTheClosest()
    {
        var error = Find("work@lines.c:10").Error;
        Assert.NotNull(error);
        Assert.EndsWith("lines.c:10 [man error::dwarf] (try :9)", error);
        Assert.StartsWith("no line records for ", error);
        Assert.Equal(9, Assert.Single(Find("work@lines.c:10", nearest: true).Lines).Line);
        Assert.Equal([], Find("nosuch@lines.c:*").Lines);
    }

    [Fact]
    public void FunctionAndFilePatternsMatchEveryFunctionOfTheFile()
    {
        var all = Find("*@lines.c:*");
        Assert.Equal(["main", "work"], all.Lines.Select(l => l.Function).Distinct().Order());
        Assert.Contains(all.Lines, l => l.Function == "main" && l.Line == 14);
    }

    [Fact]
    public void StatementVariablesAreTheParametersThenTheLocalsInScope()
    {
        var six = Find("work@lines.c:6").Lines.Single();
        var seven = Find("work@lines.c:7").Lines.Single();
        var inLoop = StatementVariables.At(six.Scope, six.Address);
        Assert.Equal(["i", "n", "total"], inLoop.Select(v => v.Name));   // the loop block's i first, then the function's
        Assert.True(inLoop[1].IsParameter);
        Assert.False(inLoop[2].IsParameter);
        // After the loop its block's i is out of scope. At -O0 everything is frame-base relative: without CFI, not evaluated.
        var after = StatementVariables.At(seven.Scope, seven.Address);
        Assert.Equal(["n", "total"], after.Select(v => v.Name));
        Assert.All(after, v => Assert.IsType<Unavailable>(v.Place));
    }

    [Fact]
    public void FrameBaseRelativeVariablesAreWhereTheCodeStoresThem()
    {
        // DW_OP_fbreg over DW_OP_call_frame_cfa: CFA rbp+16 after the prologue. The slots are those work's own
        // instructions use: n's where it stores %edi, total's and i's where it stores their zeros (objdump's reading).
        var six = Find("work@lines.c:6").Lines.Single();
        var dwarf = program.Dwarf("lines");
        var places = StatementVariables.At(six.Scope, six.Address, () => dwarf.CallFrames).ToDictionary(v => v.Name, v => v.Place);
        var code = Oracle.RunIn(program.Dir, "objdump", "-d", "--no-show-raw-insn", "--disassemble=work", "lines");
        long Slot(string pattern) => -long.Parse(System.Text.RegularExpressions.Regex.Match(code, pattern).Groups[1].Value,
            NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(new AtRegisterOffset("bp", Slot(@"mov\s+%edi,-0x([0-9a-f]+)\(%rbp\)")), places["n"]);
        var zeros = System.Text.RegularExpressions.Regex.Matches(code, @"movl\s+\$0x0,-0x([0-9a-f]+)\(%rbp\)")
            .Select(m => (VariablePlace)new AtRegisterOffset("bp", -long.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        Assert.Equal(zeros, new[] { places["total"], places["i"] });
    }

    [Fact]
    public void OptimizedCodeKeepsAParameterInItsRegisterAtEntry()
    {
        var entry = Find("work@lines.c", binary: "lines-O2").Lines.Single();
        var n = StatementVariables.At(entry.Scope, entry.Address).Single(v => v.Name == "n");
        Assert.Equal(new InRegister("di"), n.Place);
    }

    [Fact]
    public void AddressesBecomeTheirFunctionSymbolPlusOffset()
    {
        var symbols = new StatementAddress(program.Dwarf("lines").Elf);
        var lines = Find("work@lines.c:*").Lines;
        var entry = symbols.Of(lines[0].Address, "work");
        Assert.Equal(new SymbolOffset("work", 0), entry);
        Assert.All(lines, l => Assert.Equal("work", symbols.Of(l.Address, null)?.Symbol));
        Assert.Equal(lines[^1].Address - lines[0].Address, symbols.Of(lines[^1].Address, "work")!.Offset);
    }

    [Theory]
    [InlineData("f@a.c:12", "f", "a.c", LineSpecKind.Absolute, 12, 12)]
    [InlineData("f@a.c:3-7", "f", "a.c", LineSpecKind.Range, 3, 7)]
    [InlineData("f@*:*", "f", "*", LineSpecKind.Wildcard, 0, 0)]
    [InlineData("f@*+44", "f", "*", LineSpecKind.Relative, 44, 44)]
    [InlineData("f@fs/open.c", "f", "fs/open.c", LineSpecKind.None, 0, 0)]
    [InlineData("f", "f", null, LineSpecKind.None, 0, 0)]
    public void LineSpecifications(string text, string function, string? file, LineSpecKind kind, int first, int last)
    {
        Assert.True(LineSpec.TrySplit(text, out var f, out var fl, out var lines));
        Assert.Equal((function, file, kind, first, last), (f, fl, lines.Kind, lines.First, lines.Last));
    }

    [Theory]
    [InlineData("f@a.c:x")]
    [InlineData("f@a.c:7-3")]
    [InlineData("f@a.c+")]
    public void MalformedLineSpecifications(string text) => Assert.False(LineSpec.TrySplit(text, out _, out _, out _));
}

/// <summary>The same against the installed kernel's -dbg vmlinux (skipped without it).</summary>
[Collection("vmlinux-dwarf")]
public class VmlinuxStatementTests(VmlinuxDwarfFixture fx)
{
    [VmlinuxDwarfFact]
    public void EveryLineOfAKernelFunctionLiesInItAndAnAbsoluteLineAgrees()
    {
        static bool File(string p) => Glob.Match("*/kernel/time/hrtimer.c", p) || Glob.Match("kernel/time/hrtimer.c", p);
        var function = fx.Dwarf.FunctionsMatching("do_nanosleep").Single();
        var all = DwarfStatements.Find(fx.Dwarf, "do_nanosleep", File, new LineSpec(LineSpecKind.Wildcard), false);
        Assert.Null(all.Error);
        Assert.True(all.Lines.Count > 5, $"{all.Lines.Count} lines");
        Assert.All(all.Lines, l => Assert.Contains(function.Ranges, r => r.Contains(l.Address)));
        Assert.Equal(all.Lines.Select(l => l.Line).Order(), all.Lines.Select(l => l.Line));
        Assert.True(all.Lines[0].Line > function.DeclLine);
        var second = all.Lines[1];
        var one = DwarfStatements.Find(fx.Dwarf, "do_nanosleep", File, new LineSpec(LineSpecKind.Absolute, second.Line, second.Line), false);
        Assert.Equal(second.Address, Assert.Single(one.Lines).Address);
        var symbols = new StatementAddress(fx.Dwarf.Elf);
        Assert.Equal(new SymbolOffset("do_nanosleep", second.Address - function.LowPc!.Value), symbols.Of(second.Address, "do_nanosleep"));
    }
}
