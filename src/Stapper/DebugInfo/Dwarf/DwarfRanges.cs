namespace Stapper.DebugInfo.Dwarf;

/// <summary>DW_AT_low_pc/high_pc, DW_AT_ranges over .debug_rnglists (DWARF 5) or .debug_ranges (DWARF 2-4).</summary>
public static class DwarfRanges
{
    public static IReadOnlyList<AddressRange> Of(DwarfDie die)
    {
        var ranges = die.Attribute(DwAt.Ranges);
        if (ranges is { } ra)
        {
            return List(die.Unit, ra, die.Tag == DwTag.CompileUnit || die.Tag == DwTag.SkeletonUnit);
        }

        var low = die.Attribute(DwAt.LowPc);
        var high = die.Attribute(DwAt.HighPc);
        if (low is not { Value.Kind: DwarfValueKind.Address } l)
        {
            return [];
        }

        if (high is not { } h)
        {
            return [new AddressRange(l.Value.Value, l.Value.Value + 1)];
        }

        ulong hi = h.Value.Kind == DwarfValueKind.Address ? h.Value.Value : l.Value.Value + h.Value.Value;
        return hi > l.Value.Value ? [new AddressRange(l.Value.Value, hi)] : [];
    }

    private static IReadOnlyList<AddressRange> List(DwarfUnit unit, DwarfAttribute a, bool isUnitDie)
    {
        var file = unit.File;
        if (unit.Version >= 5)
        {
            ulong offset;
            if (a.Value.Kind == DwarfValueKind.ListIndex)
            {
                ulong b = unit.RnglistsBase ?? (ulong)(unit.Is64 ? 20 : 12);
                var r0 = file.RngLists.Reader(b + a.Value.Value * (ulong)unit.OffsetSize, (ulong)unit.OffsetSize);
                offset = b + (unit.Is64 ? r0.U64() : r0.U32());
            }
            else
            {
                offset = a.Value.Value;
            }

            return ReadRngList(unit, file.RngLists, offset);
        }
        // DWARF 2-4 (also GNU split: DW_AT_GNU_ranges_base is not added for the unit DIE itself).
        return ReadDebugRanges(unit, file.DebugRanges, a.Value.Value);
    }

    internal static List<AddressRange> ReadRngList(DwarfUnit unit, DwarfSection sec, ulong offset)
    {
        var result = new List<AddressRange>();
        var r = sec.Reader(offset);
        ulong b = unit.BaseAddress;
        int asz = unit.AddressSize;
        while (true)
        {
            int at = r.Position;
            byte kind = r.U8();
            switch (kind)
            {
                case DwRle.EndOfList: return result;
                case DwRle.BaseAddressx: b = unit.ReadAddrIndex(r.Uleb128(), (ulong)at); break;
                case DwRle.StartxEndx:
                    {
                        ulong s = unit.ReadAddrIndex(r.Uleb128(), (ulong)at), e = unit.ReadAddrIndex(r.Uleb128(), (ulong)at);
                        Add(result, s, e);
                        break;
                    }
                case DwRle.StartxLength:
                    {
                        ulong s = unit.ReadAddrIndex(r.Uleb128(), (ulong)at);
                        Add(result, s, s + r.Uleb128());
                        break;
                    }
                case DwRle.OffsetPair:
                    {
                        ulong s = r.Uleb128(), e = r.Uleb128();
                        Add(result, b + s, b + e);
                        break;
                    }
                case DwRle.BaseAddress: b = r.Address(asz); break;
                case DwRle.StartEnd:
                    {
                        ulong s = r.Address(asz), e = r.Address(asz);
                        Add(result, s, e);
                        break;
                    }
                case DwRle.StartLength:
                    {
                        ulong s = r.Address(asz);
                        Add(result, s, s + r.Uleb128());
                        break;
                    }
                default: throw r.Error(at, $"unknown range list entry kind 0x{kind:x}");
            }
        }
    }

    internal static List<AddressRange> ReadDebugRanges(DwarfUnit unit, DwarfSection sec, ulong offset)
    {
        var result = new List<AddressRange>();
        var r = sec.Reader(offset);
        int asz = unit.AddressSize;
        ulong max = asz == 8 ? ulong.MaxValue : (1UL << (asz * 8)) - 1;
        ulong b = unit.BaseAddress;
        while (true)
        {
            ulong s = r.Address(asz), e = r.Address(asz);
            if (s == 0 && e == 0)
            {
                return result;
            }

            if (s == max) { b = e; continue; }
            Add(result, b + s, b + e);
        }
    }

    private static void Add(List<AddressRange> list, ulong s, ulong e)
    {
        if (e > s)
        {
            list.Add(new AddressRange(s, e));
        }
    }
}
