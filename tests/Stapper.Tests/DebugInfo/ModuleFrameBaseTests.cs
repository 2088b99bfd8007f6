using System.Globalization;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.Matching;

namespace Stapper.Tests.DebugInfo;

/// <summary>
/// A relocatable object's frame base, as a kernel module has it: .debug_frame's FDE addresses are relocations against
/// code sections that all start at 0, so the rows of a statement's own section (its function symbol's) are the ones
/// read; <c>DW_OP_fbreg</c> over <c>DW_OP_call_frame_cfa</c> then places the variables as in a linked file.
/// </summary>
public sealed class ModuleFrameBaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stapper-reloc-").FullName;

    // work() is first in .text (its FDE's address is 0); setup() is a tiny function at 0 of .init.text.
    private const string Source = """
        static volatile int sink;
        int work(int n)
        {
            int total = 0;
            for (int i = 0; i < n; i++)
                total += i;
            sink = total;
            return total;
        }
        __attribute__((section(".init.text"))) void setup(void) { }
        """;

    public ModuleFrameBaseTests()
    {
        File.WriteAllText(Path.Combine(_dir, "mod.c"), Source);
        // As the kernel builds modules: no .eh_frame, CFI in .debug_frame.
        Oracle.RunIn(_dir, "gcc", "-c", "-g", "-O0", "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "mod.c", "-o", "mod.o");
    }

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void TheStatementsSectionsRowsGiveTheFrameBase()
    {
        var dwarf = DwarfFile.Open(Path.Combine(_dir, "mod.o"));
        Assert.True(LineSpec.TrySplit("work@mod.c:6", out var function, out _, out var lines));
        var six = DwarfStatements.Find(dwarf, function, path => Glob.Match("*/mod.c", path), lines, nearest: false).Lines.Single();
        var at = new StatementAddress(dwarf.Elf).Of(six.Address, "work")!;
        var text = dwarf.Elf.Section(".text")!;
        Assert.Equal((uint)text.Index, at.Section);
        Assert.Empty(dwarf.CallFrames);
        // .init.text's rows end with setup(), before the line's address; .text's hold it (rbp + 16 after the prologue).
        var init = dwarf.Elf.Section(".init.text")!;
        Assert.Null(CallFrameTable.At(dwarf.CallFramesIn((uint)init.Index), six.Address));
        Assert.Equal((6, 16), CallFrameTable.At(dwarf.CallFramesIn(at.Section), six.Address) is { } row ? (row.CfaRegister, row.CfaOffset) : default);

        var places = StatementVariables.At(six.Scope, six.Address, () => dwarf.CallFramesIn(at.Section)).ToDictionary(v => v.Name, v => v.Place);
        var code = Oracle.RunIn(_dir, "objdump", "-d", "--no-show-raw-insn", "--disassemble=work", "mod.o");
        long Slot(string pattern) => -long.Parse(System.Text.RegularExpressions.Regex.Match(code, pattern).Groups[1].Value,
            NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(new AtRegisterOffset("bp", Slot(@"mov\s+%edi,-0x([0-9a-f]+)\(%rbp\)")), places["n"]);
        Assert.IsType<AtRegisterOffset>(places["total"]);
    }
}
