using System.Runtime.InteropServices;
using Stapper.DebugInfo.Dwarf;
using Stapper.DebugInfo.Elf;

namespace Stapper.DebugInfo;

/// <summary>A statement probe's address as a kprobe takes it: a function symbol and an offset into it (KASLR and a
/// module's load address leave that pair valid).</summary>
public sealed record SymbolOffset(string Symbol, ulong Offset)
{
    /// <summary>In a module, whose sections all start at 0, the ELF section index of the symbol's code (what the address is
    /// relative to); 0 in a linked file.</summary>
    public uint Section { get; init; }
}

/// <summary>
/// Where an address of vmlinux or a module lies among its function symbols: the symbol of the out-of-line function
/// whose code holds it (or its .cold/.part piece). A name kallsyms holds more than once cannot be resolved by name;
/// vmlinux then falls back to <c>_stext</c>.
/// </summary>
public sealed class StatementAddress
{
    private readonly ElfSymbol[] _functions;
    private readonly Dictionary<string, int> _counts;
    private readonly ElfSymbol? _stext;

    public StatementAddress(ElfFile elf)
    {
        var symbols = elf.Symbols();
        // vmlinux has 150,000 symbols, read for each inlined instance's probe point: one pass, one stable sort by address.
        var functions = new List<ElfSymbol>();
        _counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in symbols)
        {
            if (s.Type == ElfSymbolType.Func && s.IsDefined && s.Size > 0)
            {
                functions.Add(s);
                CollectionsMarshal.GetValueRefOrAddDefault(_counts, s.Name, out _)++;
            }
        }
        _functions = [.. functions];
        var order = new (ulong Value, int Index)[_functions.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = (_functions[i].Value, i);
        }
        Array.Sort(order, _functions);
        _stext = symbols.FirstOrDefault(s => s.Name == "_stext" && s.IsDefined) is { Name: "_stext" } t ? t : null;
        Relocatable = elf.Header.Type == ElfType.Relocatable;
    }

    /// <summary>A module (.ko): its sections all start at 0, so the function's own name picks among them.</summary>
    public bool Relocatable { get; }

    /// <summary>The symbol and offset of <paramref name="address"/> inside the code of out-of-line function
    /// <paramref name="function"/> (null: any function), or null when no function symbol holds it.</summary>
    public SymbolOffset? Of(ulong address, string? function)
    {
        foreach (var s in _functions)
        {
            if (s.Value > address)
            {
                break;
            }
            if (address >= s.Value + s.Size)
            {
                continue;
            }
            if (function is not null && Relocatable && !(s.Name == function || s.Name.StartsWith(function + ".", StringComparison.Ordinal)))
            {
                continue;
            }
            if (_counts[s.Name] == 1 || Relocatable)
            {
                return new SymbolOffset(s.Name, address - s.Value) { Section = Relocatable ? s.SectionIndex : 0 };
            }
            return _stext is { } t ? new SymbolOffset("_stext", address - t.Value) : null;
        }
        return null;
    }

    /// <summary>The out-of-line function whose code holds <paramref name="scope"/> (itself, or the function it is inlined into).</summary>
    public static string? OuterFunction(DwarfDie scope)
    {
        for (DwarfDie? d = scope; d is not null; d = d.Parent)
        {
            if (d.Tag == DwTag.Subprogram)
            {
                return new DwarfFunction(d).Name;
            }
        }
        return null;
    }
}
