namespace Stapper.DebugInfo.Dwarf;

/// <summary>
/// Names of a file's functions with code and of its top-level types, gathered in one streaming pass over
/// .debug_info that keeps no DIE trees (a distribution vmlinux has tens of millions of DIEs): only the offsets
/// of the DIEs that matter are kept; their units' trees are built when a query reaches them.
/// </summary>
internal sealed class DwarfNameIndex
{
    private DwarfNameIndex(Dictionary<string, ulong[]> functions, Dictionary<string, ulong[]> inlined, Dictionary<(int, string), ulong> types)
    {
        Functions = functions;
        Inlined = inlined;
        Types = types;
    }

    /// <summary>Subprogram DIEs with DW_AT_low_pc or DW_AT_ranges, by name (abstract origins followed), in DIE order.</summary>
    public Dictionary<string, ulong[]> Functions { get; }
    /// <summary>Named abstract subprograms the compiler inlined (with DW_AT_inline), by name, in
    /// DIE order: the origins their inlined instances (DW_TAG_inlined_subroutine) refer to.</summary>
    public Dictionary<string, ulong[]> Inlined { get; }
    /// <summary>First defining DIE of each (tag, name) among depth-1 struct/union/enum/typedef/base types (class as struct);
    /// .debug_types offsets have bit 63 set (see <see cref="DwarfFile.IndexedDieAt"/>).</summary>
    public Dictionary<(int Tag, string Name), ulong> Types { get; }

    public static DwarfNameIndex Build(DwarfFile file)
    {
        var functions = new Dictionary<string, List<ulong>>(StringComparer.Ordinal);
        var inlined = new Dictionary<string, List<ulong>>(StringComparer.Ordinal);
        var types = new Dictionary<(int, string), ulong>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal); // one string per distinct name
        var unitNames = new Dictionary<ulong, string>();    // named subprograms of the unit being scanned
        var unitOrigins = new Dictionary<ulong, ulong>();   // unnamed subprogram -> its origin/specification
        var unitCode = new List<ulong>();                   // unnamed subprograms with code
        var crossUnit = new List<ulong>();                  // origins outside their unit: resolved through the DIE tree
        foreach (var u in file.Units.Concat(file.TypeUnits))
        {
            ulong key = u.InTypesSection ? 1UL << 63 : 0;
            if (u.UnitType is not (DwUt.Compile or DwUt.Partial or DwUt.Skeleton or DwUt.SplitCompile or DwUt.Type or DwUt.SplitType))
            {
                continue;
            }

            bool functionsHere = u.UnitType is not (DwUt.Type or DwUt.SplitType);
            unitNames.Clear();
            unitOrigins.Clear();
            unitCode.Clear();
            u.Scan((tag, depth) => tag == DwTag.Subprogram ? functionsHere : depth == 1 && IsIndexedType(tag), (offset, tag, depth, attrs) =>
            {
                if (tag == DwTag.Subprogram && functionsHere)
                {
                    string? name = null;
                    ulong origin = ulong.MaxValue;
                    bool code = false;
                    bool inlinedHere = false;
                    foreach (var (at, v) in attrs)
                    {
                        if (at == DwAt.Name && v.Kind == DwarfValueKind.String)
                        {
                            name = v.String;
                        }
                        else if (at is DwAt.LowPc or DwAt.Ranges)
                        {
                            code = true;
                        }
                        else if (at is DwAt.AbstractOrigin or DwAt.Specification && v.Kind == DwarfValueKind.Reference && origin == ulong.MaxValue)
                        {
                            origin = v.Value;
                        }
                        else if (at == DwAt.Inline)
                        {
                            inlinedHere = true;
                        }
                    }
                    if (name is not null)
                    {
                        name = Intern(names, name);
                        unitNames[offset] = name;
                        if (code)
                        {
                            Add(functions, name, offset);
                        }
                        if (inlinedHere)
                        {
                            Add(inlined, name, offset);
                        }
                    }
                    else if (origin != ulong.MaxValue)
                    {
                        unitOrigins[offset] = origin;
                        if (code)
                        {
                            unitCode.Add(offset);
                        }
                    }
                }
                else if (depth == 1)
                {
                    int t = tag == DwTag.ClassType ? DwTag.StructureType : tag;
                    string? name = null;
                    bool declaration = false;
                    foreach (var (at, v) in attrs)
                    {
                        if (at == DwAt.Name && v.Kind == DwarfValueKind.String)
                        {
                            name = v.String;
                        }
                        else if (at == DwAt.Declaration && v.Value != 0)
                        {
                            declaration = true;
                        }
                    }
                    if (name is not null && !declaration)
                    {
                        types.TryAdd((t, Intern(names, name)), offset | key);
                    }
                }
            });
            foreach (var offset in unitCode)
            {
                ulong at = offset;
                string? name = null;
                for (int i = 0; i < 16 && name is null; i++)
                {
                    if (unitNames.TryGetValue(at, out var n))
                    {
                        name = n;
                    }
                    else if (unitOrigins.TryGetValue(at, out var next))
                    {
                        at = next;
                    }
                    else
                    {
                        break;
                    }
                }
                if (name is not null)
                {
                    Add(functions, name, offset);
                }
                else
                {
                    crossUnit.Add(offset);
                }
            }
        }
        foreach (var offset in crossUnit)
        {
            if (file.DieAt(offset) is { } die && new DwarfFunction(die).Name is { } n)
            {
                Add(functions, Intern(names, n), offset);
            }
        }
        return new DwarfNameIndex(Sorted(functions), Sorted(inlined), types);
    }

    private static Dictionary<string, ulong[]> Sorted(Dictionary<string, List<ulong>> map)
    {
        var sorted = new Dictionary<string, ulong[]>(map.Count, StringComparer.Ordinal);
        foreach (var (name, list) in map)
        {
            var a = list.ToArray();
            Array.Sort(a);
            sorted[name] = a;
        }
        return sorted;
    }

    private static bool IsIndexedType(int tag) =>
        tag is DwTag.StructureType or DwTag.ClassType or DwTag.UnionType or DwTag.EnumerationType or DwTag.Typedef or DwTag.BaseType;

    private static string Intern(Dictionary<string, string> names, string s)
    {
        if (names.TryGetValue(s, out var x))
        {
            return x;
        }

        names[s] = s;
        return s;
    }

    private static void Add(Dictionary<string, List<ulong>> map, string name, ulong offset)
    {
        if (!map.TryGetValue(name, out var list))
        {
            map[name] = list = new List<ulong>(1);
        }

        list.Add(offset);
    }
}
