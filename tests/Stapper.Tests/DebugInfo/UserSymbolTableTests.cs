using System.Globalization;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;

namespace Stapper.Tests.DebugInfo;

/// <summary>
/// The tables pass 3 embeds for user-space symbols and backtraces: symbols against nm, CFI rows against readelf's own
/// interpretation of .eh_frame (<c>readelf -wF</c>), for a program compiled here without frame pointers and for libc.
/// </summary>
public sealed class UserSymbolTableTests : IDisposable
{
    private const string Source = """
        static volatile long sink;
        long table[4] = { 1, 2, 3, 4 };
        __attribute__((noinline)) long inner(long x) { long l[8]; for (int i = 0; i < 8; i++) l[i] = x + i; sink = l[3]; return l[7]; }
        __attribute__((noinline)) long middle(long x) { return inner(x + 1) * 2; }
        __attribute__((noinline)) long framed(long x) { __builtin_frame_address(0); long v[64]; v[x & 63] = x; return v[(x + 1) & 63]; }
        int main(void) { sink = middle(5) + framed(3); return 0; }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("stapper-usym-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Compile(params string[] flags)
    {
        File.WriteAllText(Path.Combine(_dir, "prog.c"), Source);
        var output = Path.Combine(_dir, "prog" + string.Join("", flags));
        Oracle.RunIn(_dir, "gcc", [.. flags, "prog.c", "-o", output]);
        return output;
    }

    [Theory]
    [InlineData("-O0", "-fomit-frame-pointer")]
    [InlineData("-O0", "-fno-omit-frame-pointer", "-no-pie")]
    [InlineData("-O2", "-fomit-frame-pointer", "-pie")]
    public void SymbolsAreNmsFunctionsAndObjects(params string[] flags)
    {
        var program = Compile(flags);
        var table = UserSymbolTable.Open(program)!;
        Assert.Equal(program, table.Path);
        var nm = Oracle.RunIn(_dir, "nm", program).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).Where(p => p.Length == 3).ToDictionary(p => p[2], p => ulong.Parse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        foreach (var name in new[] { "main", "inner", "middle", "framed", "table" })
        {
            Assert.Contains(new UserSymbol(nm[name], name), table.Symbols);
        }
        Assert.Equal(table.Symbols.OrderBy(s => s.Address), table.Symbols);
        Assert.DoesNotContain(table.Symbols, s => s.Name == "prog.c");
        Assert.NotEmpty(table.Segments);
    }

    [Theory]
    [InlineData("-O0", "-fomit-frame-pointer")]
    [InlineData("-O0", "-fno-omit-frame-pointer", "-no-pie")]
    [InlineData("-O2", "-fomit-frame-pointer")]
    public void FramesAreReadelfsInterpretation(params string[] flags)
    {
        var program = Compile(flags);
        var rows = UserSymbolTable.Open(program)!.Frames;
        var compared = CompareWithReadelf(program, rows);
        Assert.True(compared > 10, $"only {compared} rows compared");
        // inner at its first instruction: the return address just pushed, the CFA 8 bytes above rsp.
        var nm = Oracle.RunIn(_dir, "nm", program).Split('\n').First(l => l.EndsWith(" inner", StringComparison.Ordinal));
        var inner = Lookup(rows, ulong.Parse(nm[..16], NumberStyles.HexNumber, CultureInfo.InvariantCulture))!.Value;
        Assert.Equal((7, 8, false, false), (inner.CfaRegister, inner.CfaOffset, inner.Unknown, inner.RbpSaved));
    }

    [Fact]
    public void LibcFromItsDebugFileAndEhFrame()
    {
        // Debian's libc, with libc6-dbg (a prerequisite of the project's machines, as the kernels' -dbg packages).
        var libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
        var table = UserSymbolTable.Open(libc)!;
        // libc.so.6 is stripped: its local functions come from libc6-dbg's .symtab (the last name at an address wins, as in stap).
        Assert.Contains(table.Symbols, s => s.Name == "__libc_start_call_main");
        Assert.Contains(table.Symbols, s => s.Name == "__libc_start_main@GLIBC_2.2.5");
        Assert.True(CompareWithReadelf(libc, table.Frames) > 10000);
    }

    [Fact]
    public void AnUnreadableFileHasNoTable() => Assert.Null(UserSymbolTable.Open(Path.Combine(_dir, "missing")));

    private static CallFrameRow? Lookup(IReadOnlyList<CallFrameRow> rows, ulong address)
    {
        CallFrameRow? found = null;
        foreach (var r in rows)
        {
            if (r.Start > address)
            {
                break;
            }
            found = r;
        }
        return found;
    }

    /// <summary>Every row readelf prints for an FDE, looked up in ours: the same CFA rule and rbp slot, or an unknown row for a CFA expression.</summary>
    private int CompareWithReadelf(string file, IReadOnlyList<CallFrameRow> rows)
    {
        // readelf exits 1 on libc (it finds no separate .debug_frame) after printing all of .eh_frame
        var text = Oracle.RunLenient("readelf", "-wF", file);
        string[] columns = [];
        var inFde = false;
        ulong end = 0;
        var compared = 0;
        foreach (var line in text.Split('\n'))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 4 && words[3] is "FDE" or "CIE")
            {
                inFde = words[3] == "FDE";
                end = inFde ? ulong.Parse(words[^1].Split("..")[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) : 0;
                continue;
            }
            if (words.Length > 1 && words[1] == "ZERO")
            {
                inFde = false;
                continue;
            }
            if (words.Length > 0 && words[0] == "LOC")
            {
                columns = words;
                continue;
            }
            if (!inFde || words.Length != columns.Length || words.Length < 2 || !ulong.TryParse(words[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var loc) || loc >= end)
            {
                // a row at the FDE's end (its last advance) applies to no address of it
                continue;
            }
            var row = Lookup(rows, loc);
            Assert.True(row is not null, $"0x{loc:x}: no row; rows start at 0x{(rows.Count > 0 ? rows[0].Start : 0):x}, {rows.Count} rows: " + string.Join(" ", rows.Take(12).Select(r => $"{r.Start:x}/{r.CfaOffset}/{r.Unknown}")));
            var cfa = words[1];
            var ra = words[Array.IndexOf(columns, "ra")];
            var rbpAt = Array.IndexOf(columns, "rbp");
            var rbp = rbpAt > 0 ? words[rbpAt] : "u";
            if (!(cfa.StartsWith("rsp+", StringComparison.Ordinal) || cfa.StartsWith("rbp+", StringComparison.Ordinal)) || ra != "c-8"
                || !(rbp == "u" || rbp.StartsWith("c-", StringComparison.Ordinal)))
            {
                Assert.True(row.Value.Unknown || ra == "u", $"{file} 0x{loc:x}: readelf has {cfa} ra={ra} rbp={rbp}, ours is known");
                continue;
            }
            Assert.False(row.Value.Unknown, $"{file} 0x{loc:x}: unknown, readelf has {cfa}");
            Assert.Equal((cfa[..3] == "rsp" ? 7 : 6, int.Parse(cfa[4..], CultureInfo.InvariantCulture)), (row.Value.CfaRegister, row.Value.CfaOffset));
            Assert.Equal(rbp.StartsWith("c-", StringComparison.Ordinal), row.Value.RbpSaved);
            if (row.Value.RbpSaved)
            {
                Assert.Equal(int.Parse(rbp[1..], CultureInfo.InvariantCulture), row.Value.RbpOffset);
            }
            compared++;
        }
        return compared;
    }
}
