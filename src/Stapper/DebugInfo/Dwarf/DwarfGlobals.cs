using Stapper.DebugInfo.Elf;
using Stapper.Matching;

namespace Stapper.DebugInfo.Dwarf;

/// <summary>A global (or file-static) variable of a file's DWARF: its type, link-time address and compile unit.</summary>
public sealed record DwarfGlobal(string Name, TypeInfo Type, ulong Address, string Unit);

/// <summary>
/// <c>@var("name@file.c")</c>'s lookup as stap's dwarf_atvar_query: compile units in order, those whose name is the
/// file or matches "*/file" (fnmatch without FNM_PATHNAME), the first whose top-level scope holds the variable with an
/// address. An extern declaration's address comes from the ELF symbol table, as the definition lives elsewhere.
/// Only each unit's first DIE is decoded until a unit matches; matching units are scanned without building trees.
/// </summary>
public static class DwarfGlobals
{
    public static DwarfGlobal? Find(DwarfFile dwarf, string name, string? file)
    {
        foreach (var unit in dwarf.Units)
        {
            if (unit.UnitType is not (DwUt.Compile or DwUt.Partial))
            {
                continue;
            }
            var unitName = UnitName(unit) ?? "";
            if (file is not null && unitName != file && !Glob.Match("*/" + file, unitName))
            {
                continue;
            }
            if (InUnit(dwarf, unit, unitName, name) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>NAME at the top level of the compile unit that defines function <paramref name="function"/> (a probe's
    /// scope: stap's @var("name") there sees the unit's globals after the function's locals).</summary>
    public static DwarfGlobal? InScopeOf(DwarfFile dwarf, string function, string name)
    {
        foreach (var f in dwarf.FunctionsMatching(function))
        {
            var unit = f.Die.Unit;
            return InUnit(dwarf, unit, UnitName(unit) ?? "", name);
        }
        return null;
    }

    private static DwarfGlobal? InUnit(DwarfFile dwarf, DwarfUnit unit, string unitName, string name)
    {
        var offsets = new List<ulong>();
        unit.Scan((tag, depth) => depth == 1 && tag == DwTag.Variable, (offset, _, _, attributes) =>
        {
            if (attributes.Any(a => a.Name == DwAt.Name && a.Value.Kind == DwarfValueKind.String && a.Value.String == name))
            {
                offsets.Add(offset);
            }
        });
        foreach (var offset in offsets)
        {
            if (dwarf.DieAt(offset) is not { } die || new DwarfVariable(die, -1) is not { Type: { } type } variable)
            {
                continue;
            }
            var address = variable.Location?.Entries is [{ Expression.StaticAddress: { } at }] ? at
                : die.Flag(DwAt.Declaration) ? SymbolAddress(dwarf.Elf, name) : null;
            if (address is { } found)
            {
                return new DwarfGlobal(name, type, found, unitName);
            }
        }
        return null;
    }

    /// <summary>A defined data symbol's address from .symtab (then .dynsym), or null.</summary>
    public static ulong? SymbolAddress(ElfFile elf, string name)
    {
        foreach (var s in elf.Symbols().Concat(elf.Symbols(dynamic: true)))
        {
            if (s.Name == name && s.IsDefined && s.Type is (ElfSymbolType.Object or ElfSymbolType.NoType) && s.SectionIndex != ElfSymbol.SectionAbsolute)
            {
                return s.Value;
            }
        }
        return null;
    }

    /// <summary>The unit's DW_AT_name from its first DIE alone (the rest of the unit is not read).</summary>
    private static string? UnitName(DwarfUnit unit)
    {
        var r = unit.Section.Reader(unit.Offset + unit.HeaderSize, unit.End - unit.Offset - unit.HeaderSize);
        if (r.AtEnd || unit.Abbrevs.Get(r.Uleb128()) is not { } abbrev)
        {
            return null;
        }
        string? name = null;
        foreach (var spec in abbrev.Attributes)
        {
            var value = unit.ReadValue(ref r, spec.Form, spec.ImplicitConst);
            if (spec.Name == DwAt.Name && value.Kind == DwarfValueKind.String)
            {
                name = value.String;
            }
        }
        return name;
    }
}
