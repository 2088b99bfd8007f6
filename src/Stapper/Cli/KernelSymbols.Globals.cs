using Stapper.DebugInfo.Dwarf;
using Stapper.Elaborate;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Cli;

/// <summary>@var's kernel globals from vmlinux's DWARF (the -dbg package).</summary>
internal sealed partial class KernelSymbols
{
    private readonly Dictionary<(string, string?, string?, string?), AtVarGlobal?> _globals = new();

    public AtVarGlobal? Global(string name, string? file, string? module, string? scope)
    {
        lock (_globals)
        {
            if (!_globals.TryGetValue((name, file, module, scope), out var known))
            {
                _globals[(name, file, module, scope)] = known = FindGlobal(name, file, module, scope);
            }
            return known;
        }
    }

    /// <summary>
    /// vmlinux's, placed from jiffies; a module's by its symbol, which the run time looks up in the module's kallsyms
    /// (so only a name the module's symbol table holds once: a static's twin in another unit would be ambiguous).
    /// </summary>
    private AtVarGlobal? FindGlobal(string name, string? file, string? module, string? scope)
    {
        if (LineInfo(module) is not var (dwarf, _))
        {
            return null;
        }
        try
        {
            var found = scope is not null ? DwarfGlobals.InScopeOf(dwarf, scope, name) : DwarfGlobals.Find(dwarf, name, file);
            if (module is not null)
            {
                return found is not null && dwarf.Elf.Symbols().Count(s => s.Name == name && s.IsDefined) == 1
                    ? new AtVarGlobal(found.Type, new LoadGlobal(module, 0, Symbol: name))
                    : null;
            }
            if (found is null || DwarfGlobals.SymbolAddress(dwarf.Elf, "_stext") is not { } stext
                || DwarfGlobals.SymbolAddress(dwarf.Elf, "jiffies") is not { } jiffies)
            {
                return null;
            }
            return new AtVarGlobal(found.Type, new LoadGlobal("kernel", found.Address - stext, (long)(found.Address - jiffies)));
        }
        catch (DebugInfo.DebugInfoFormatException)
        {
            return null;
        }
    }
}
