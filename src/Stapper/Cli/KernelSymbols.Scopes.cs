using System.Collections.Immutable;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.Elaborate;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Cli;

/// <summary>Where the DWARF of vmlinux (the -dbg package) or a module has a function: for stap's "unable to find local"
/// text, and for stap's name of the probe point.</summary>
internal sealed partial class KernelSymbols
{
    public FunctionScope? Scope(string name, string? module)
    {
        if (module is not null)
        {
            // stap names a module's address as elfutils lays its sections out, which this does not reproduce
            return null;
        }
        try
        {
            if (DwarfOf(null)?.FunctionsMatching(name).FirstOrDefault(f => f.LowPc is not null && !f.IsInlineAbstract) is not { } function)
            {
                return null;
            }
            // the variables in scope at its entry: its parameters and the locals of its outermost block
            var variables = function.Die.Children.Where(c => c.Tag is DwTag.FormalParameter or DwTag.Variable)
                .Select(c => c.InheritedAttribute(DwAt.Name)?.Value.String).OfType<string>();
            return new FunctionScope(function.Die.Offset, function.LowPc!.Value, function.DeclFile, [.. variables]);
        }
        catch (Exception e) when (e is IOException or DebugInfo.DebugInfoFormatException)
        {
            return null;
        }
    }

    private readonly Dictionary<string, DeclaredFunctionIndex?> _declared = new(StringComparer.Ordinal);

    public DeclaredFunction? DeclaredAt(string name, string? module)
    {
        DeclaredFunctionIndex? index;
        lock (_declared)
        {
            if (!_declared.TryGetValue(module ?? "", out index))
            {
                try
                {
                    index = DwarfOf(module) is { } dwarf ? DeclaredFunctionIndex.Of(dwarf) : null;
                }
                catch (Exception e) when (e is IOException or DebugInfo.DebugInfoFormatException)
                {
                    index = null;
                }
                _declared[module ?? ""] = index;
            }
        }
        return index?.Declared(name) is var (fileLine, pc) ? new DeclaredFunction(fileLine, pc) : null;
    }

    public ulong? TextStart => (_textStart ??= new(() =>
        DwarfOf(null)?.Elf.Symbols().FirstOrDefault(s => s.Name == "_stext") is { } stext ? stext.Value : null)).Value;

    private Lazy<ulong?>? _textStart;
}
