namespace Stapper.DebugInfo.Dwarf;

public readonly record struct DwarfAttributeSpec(int Name, int Form, long ImplicitConst);

/// <summary>One abbreviation declaration.</summary>
public sealed class DwarfAbbrev
{
    public DwarfAbbrev(ulong code, int tag, bool hasChildren, DwarfAttributeSpec[] attributes)
    {
        Code = code;
        Tag = tag;
        HasChildren = hasChildren;
        Attributes = attributes;
    }

    public ulong Code { get; }
    public int Tag { get; }
    public bool HasChildren { get; }
    public DwarfAttributeSpec[] Attributes { get; }
}

/// <summary>The abbreviation table at one .debug_abbrev offset.</summary>
public sealed class DwarfAbbrevTable
{
    private readonly DwarfAbbrev?[] _dense;
    private readonly Dictionary<ulong, DwarfAbbrev> _sparse;

    private DwarfAbbrevTable(DwarfAbbrev?[] dense, Dictionary<ulong, DwarfAbbrev> sparse)
    {
        _dense = dense;
        _sparse = sparse;
    }

    public DwarfAbbrev? Get(ulong code) =>
        code < (ulong)_dense.Length ? _dense[code] : _sparse.GetValueOrDefault(code);

    public static DwarfAbbrevTable Parse(DwarfSection abbrev, ulong offset)
    {
        var r = abbrev.Reader(offset);
        var list = new List<DwarfAbbrev>();
        var specs = new List<DwarfAttributeSpec>();
        while (true)
        {
            ulong code = r.Uleb128();
            if (code == 0)
            {
                break;
            }

            int at0 = r.Position;
            ulong tag = r.Uleb128();
            if (tag > int.MaxValue)
            {
                throw r.Error(at0, $"abbrev {code}: tag 0x{tag:x} too large");
            }

            byte children = r.U8();
            if (children > 1)
            {
                throw r.Error(r.Position - 1, $"abbrev {code}: bad children flag {children}");
            }

            specs.Clear();
            while (true)
            {
                int at = r.Position;
                ulong name = r.Uleb128();
                ulong form = r.Uleb128();
                if (name == 0 && form == 0)
                {
                    break;
                }

                if (name > int.MaxValue || form > int.MaxValue)
                {
                    throw r.Error(at, $"abbrev {code}: bad attribute 0x{name:x}/form 0x{form:x}");
                }

                long ic = form == DwForm.ImplicitConst ? r.Sleb128() : 0;
                specs.Add(new DwarfAttributeSpec((int)name, (int)form, ic));
            }
            list.Add(new DwarfAbbrev(code, (int)tag, children == 1, specs.ToArray()));
        }
        ulong max = list.Count == 0 ? 0 : list.Max(a => a.Code);
        var dense = new DwarfAbbrev?[max < 4096 ? max + 1 : 0];
        var sparse = new Dictionary<ulong, DwarfAbbrev>();
        foreach (var a in list)
        {
            if (a.Code < (ulong)dense.Length)
            {
                if (dense[a.Code] is not null)
                {
                    throw abbrev.Error(offset, $"duplicate abbrev code {a.Code}");
                }

                dense[a.Code] = a;
            }
            else if (!sparse.TryAdd(a.Code, a))
            {
                throw abbrev.Error(offset, $"duplicate abbrev code {a.Code}");
            }
        }
        return new DwarfAbbrevTable(dense, sparse);
    }
}
