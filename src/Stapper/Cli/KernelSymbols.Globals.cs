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
    /// Only vmlinux's: a module's globals would need its section addresses at run time, which Stapper does not track
    /// (the binder refuses them with its own message).
    /// </summary>
    private AtVarGlobal? FindGlobal(string name, string? file, string? module, string? scope)
    {
        if (module is not null || LineInfo(null) is not var (dwarf, _))
        {
            return null;
        }
        try
        {
            var found = scope is not null ? DwarfGlobals.InScopeOf(dwarf, scope, name) : DwarfGlobals.Find(dwarf, name, file);
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
