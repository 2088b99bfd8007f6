using System.Globalization;
using System.Text;

namespace Stapper.DebugInfo.Btf;

/// <summary>
/// Prints a BTF file's own types exactly as `bpftool btf dump file F format raw` does (bpftool 7.x),
/// so the whole type table can be diffed against the oracle.
/// </summary>
public static class BtfRawDump
{
    public static void Write(BtfFile btf, TextWriter w)
    {
        var sb = new StringBuilder(256);
        foreach (var t in btf.OwnTypes())
        {
            sb.Clear();
            Append(sb, t);
            sb.Append('\n');
            w.Write(sb);
        }
    }

    public static string Format(BtfType t)
    {
        var sb = new StringBuilder();
        Append(sb, t);
        return sb.ToString();
    }

    private static string Name(BtfFile f, uint off) => off == 0 ? "(anon)" : f.String(off);

    private static void Append(StringBuilder sb, BtfType t)
    {
        var f = t.File;
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"[{t.Id}] {t.Kind.ToBpftoolName()} '{Name(f, t.NameOffset)}'");
        switch (t.Kind)
        {
            case BtfKind.Int:
                string enc = t.IntEncoding switch
                {
                    BtfIntEncoding.None => "(none)",
                    BtfIntEncoding.Signed => "SIGNED",
                    BtfIntEncoding.Char => "CHAR",
                    BtfIntEncoding.Bool => "BOOL",
                    _ => "UNKN",
                };
                sb.Append(ci, $" size={t.Size} bits_offset={t.IntOffset} nr_bits={t.IntBits} encoding={enc}");
                break;
            case BtfKind.Ptr:
            case BtfKind.Const:
            case BtfKind.Volatile:
            case BtfKind.Restrict:
            case BtfKind.Typedef:
            case BtfKind.TypeTag:
                sb.Append(ci, $" type_id={t.Type}");
                break;
            case BtfKind.Array:
                var a = t.Array;
                sb.Append(ci, $" type_id={a.ElementType} index_type_id={a.IndexType} nr_elems={a.ElementCount}");
                break;
            case BtfKind.Struct:
            case BtfKind.Union:
                sb.Append(ci, $" size={t.Size} vlen={t.VLen}");
                for (int i = 0; i < t.VLen; i++)
                {
                    var m = t.Member(i);
                    sb.Append(ci, $"\n\t'{Name(f, m.NameOffset)}' type_id={m.Type} bits_offset={m.BitOffset}");
                    if (m.BitFieldSize != 0)
                    {
                        sb.Append(ci, $" bitfield_size={m.BitFieldSize}");
                    }
                }
                break;
            case BtfKind.Enum:
            case BtfKind.Enum64:
                sb.Append(ci, $" encoding={(t.EnumIsSigned ? "SIGNED" : "UNSIGNED")} size={t.Size} vlen={t.VLen}");
                for (int i = 0; i < t.VLen; i++)
                {
                    var e = t.EnumValue(i);
                    sb.Append(ci, $"\n\t'{Name(f, e.NameOffset)}' val=");
                    if (t.Kind == BtfKind.Enum)
                    {
                        sb.Append(ci, $"{(t.EnumIsSigned ? e.Value.ToString(ci) : ((uint)e.Value).ToString(ci))}");
                    }
                    else
                    {
                        sb.Append(ci, $"{(t.EnumIsSigned ? e.Value.ToString(ci) + "LL" : ((ulong)e.Value).ToString(ci) + "ULL")}");
                    }
                }
                break;
            case BtfKind.Fwd:
                sb.Append(t.FwdIsUnion ? " fwd_kind=union" : " fwd_kind=struct");
                break;
            case BtfKind.Func:
                sb.Append(ci, $" type_id={t.Type} linkage={Linkage(t.FuncLinkage)}");
                break;
            case BtfKind.FuncProto:
                sb.Append(ci, $" ret_type_id={t.Type} vlen={t.VLen}");
                for (int i = 0; i < t.VLen; i++)
                {
                    var p = t.Param(i);
                    sb.Append(ci, $"\n\t'{Name(f, p.NameOffset)}' type_id={p.Type}");
                }
                break;
            case BtfKind.Var:
                sb.Append(ci, $" type_id={t.Type}, linkage={VarLinkage(t.VarLinkage)}");
                break;
            case BtfKind.DataSec:
                sb.Append(ci, $" size={t.Size} vlen={t.VLen}");
                for (int i = 0; i < t.VLen; i++)
                {
                    var v = t.VarSecInfo(i);
                    sb.Append(ci, $"\n\ttype_id={v.Type} offset={v.Offset} size={v.Size}");
                    if (f.IsValidTypeId(v.Type))
                    {
                        var vt = f.Type(v.Type);
                        sb.Append(ci, $" ({vt.Kind.ToBpftoolName()} '{Name(vt.File, vt.NameOffset)}')");
                    }
                }
                break;
            case BtfKind.Float:
                sb.Append(ci, $" size={t.Size}");
                break;
            case BtfKind.DeclTag:
                sb.Append(ci, $" type_id={t.Type} component_idx={t.DeclTagComponentIndex}");
                break;
        }
    }

    private static string Linkage(BtfLinkage l) => l switch
    {
        BtfLinkage.Static => "static",
        BtfLinkage.Global => "global",
        BtfLinkage.Extern => "extern",
        _ => "(unknown)",
    };

    private static string VarLinkage(BtfLinkage l) => l switch
    {
        BtfLinkage.Static => "static",
        BtfLinkage.Global => "global",
        BtfLinkage.Extern => "extern",
        _ => "(unknown)",
    };
}
