using System.Globalization;
using System.Text;

namespace Stapper.DebugInfo.Dwarf;

/// <summary>One decoded DWARF expression operation. Operands are raw (signed ones as two's complement);
/// <see cref="Block"/> holds implicit_value / entry_value / const_type bytes.</summary>
public readonly record struct DwarfOperation(int Offset, int Opcode, ulong Operand1, ulong Operand2, ReadOnlyMemory<byte> Block)
{
    public string Name => DwOp.ToName(Opcode) ?? $"DW_OP_0x{Opcode:x}";
    public long SignedOperand1 => (long)Operand1;
    public long SignedOperand2 => (long)Operand2;
    public bool IsRegister => Opcode is >= DwOp.Reg0 and <= DwOp.Reg31 || Opcode == DwOp.Regx;
    /// <summary>DWARF register number for reg*, breg*, regx, bregx.</summary>
    public int Register => Opcode switch
    {
        >= DwOp.Reg0 and <= DwOp.Reg31 => Opcode - DwOp.Reg0,
        >= DwOp.Breg0 and <= DwOp.Breg31 => Opcode - DwOp.Breg0,
        DwOp.Regx or DwOp.Bregx => (int)Operand1,
        _ => -1,
    };
}

/// <summary>A decoded location (or value) expression: a small value type over the operations.</summary>
public sealed class DwarfExpression
{
    private DwarfExpression(DwarfOperation[] ops, ReadOnlyMemory<byte> bytes)
    {
        Operations = ops;
        Bytes = bytes;
    }

    public IReadOnlyList<DwarfOperation> Operations { get; }
    public ReadOnlyMemory<byte> Bytes { get; }
    public bool IsEmpty => Operations.Count == 0;

    /// <summary>The register when the expression is just DW_OP_regN / regx (value lives in a register).</summary>
    public int? SingleRegister => Operations.Count == 1 && Operations[0].IsRegister ? Operations[0].Register : null;
    /// <summary>The frame-base offset when the expression is just DW_OP_fbreg N.</summary>
    public long? FrameBaseOffset => Operations.Count == 1 && Operations[0].Opcode == DwOp.Fbreg ? Operations[0].SignedOperand1 : null;
    /// <summary>The static address when the expression is just DW_OP_addr A (globals).</summary>
    public ulong? StaticAddress => Operations.Count == 1 && Operations[0].Opcode == DwOp.Addr ? Operations[0].Operand1 : null;

    /// <summary>Decodes <paramref name="bytes"/>; <paramref name="where"/> names the bytes in errors.</summary>
    public static DwarfExpression Decode(ReadOnlyMemory<byte> bytes, int addressSize, int offsetSize, int version, string where = "expression")
    {
        var r = new DataReader(bytes.Span, where);
        var ops = new List<DwarfOperation>();
        while (!r.AtEnd)
        {
            int at = r.Position;
            int op = r.U8();
            ulong a = 0, b = 0;
            ReadOnlyMemory<byte> block = default;
            switch (op)
            {
                case DwOp.Addr: a = r.Address(addressSize); break;
                case DwOp.Const1u: case DwOp.Pick: case DwOp.DerefSize: case DwOp.XderefSize: a = r.U8(); break;
                case DwOp.Const1s: a = (ulong)(long)r.I8(); break;
                case DwOp.Const2u: case DwOp.Call2: a = r.U16(); break;
                case DwOp.Const2s: case DwOp.Skip: case DwOp.Bra: a = (ulong)(long)r.I16(); break;
                case DwOp.Const4u: case DwOp.Call4: case DwOp.GNUParameterRef: a = r.U32(); break;
                case DwOp.Const4s: a = (ulong)(long)r.I32(); break;
                case DwOp.Const8u: case DwOp.Const8s: a = r.U64(); break;
                case DwOp.Constu:
                case DwOp.PlusUconst:
                case DwOp.Regx:
                case DwOp.Piece:
                case DwOp.Addrx:
                case DwOp.Constx:
                case DwOp.GNUAddrIndex:
                case DwOp.GNUConstIndex:
                case DwOp.Convert:
                case DwOp.GNUConvert:
                case DwOp.Reinterpret:
                case DwOp.GNUReinterpret:
                    a = r.Uleb128(); break;
                case DwOp.Consts: case DwOp.Fbreg: a = (ulong)r.Sleb128(); break;
                case >= DwOp.Breg0 and <= DwOp.Breg31: a = (ulong)r.Sleb128(); break;
                case DwOp.Bregx: a = r.Uleb128(); b = (ulong)r.Sleb128(); break;
                case DwOp.BitPiece: a = r.Uleb128(); b = r.Uleb128(); break;
                case DwOp.CallRef: case DwOp.GNUVariableValue: a = offsetSize == 8 ? r.U64() : r.U32(); break;
                case DwOp.ImplicitPointer:
                case DwOp.GNUImplicitPointer:
                    a = version <= 2 ? r.Address(addressSize) : offsetSize == 8 ? r.U64() : r.U32();
                    b = (ulong)r.Sleb128();
                    break;
                case DwOp.ImplicitValue:
                case DwOp.EntryValue:
                case DwOp.GNUEntryValue:
                    {
                        ulong n = r.Uleb128();
                        a = n;
                        int start = r.Position;
                        r.Skip((long)Math.Min(n, int.MaxValue + 1UL));
                        block = bytes.Slice(start, (int)n);
                        break;
                    }
                case DwOp.ConstType:
                case DwOp.GNUConstType:
                    {
                        a = r.Uleb128();
                        int n = r.U8();
                        b = (ulong)n;
                        int start = r.Position;
                        r.Skip(n);
                        block = bytes.Slice(start, n);
                        break;
                    }
                case DwOp.RegvalType: case DwOp.GNURegvalType: a = r.Uleb128(); b = r.Uleb128(); break;
                case DwOp.DerefType: case DwOp.GNUDerefType: case DwOp.XderefType: a = r.U8(); b = r.Uleb128(); break;
                case >= DwOp.Lit0 and <= DwOp.Lit31:
                case >= DwOp.Reg0 and <= DwOp.Reg31:
                case DwOp.Deref:
                case DwOp.Dup:
                case DwOp.Drop:
                case DwOp.Over:
                case DwOp.Swap:
                case DwOp.Rot:
                case DwOp.Xderef:
                case DwOp.Abs:
                case DwOp.And:
                case DwOp.Div:
                case DwOp.Minus:
                case DwOp.Mod:
                case DwOp.Mul:
                case DwOp.Neg:
                case DwOp.Not:
                case DwOp.Or:
                case DwOp.Plus:
                case DwOp.Shl:
                case DwOp.Shr:
                case DwOp.Shra:
                case DwOp.Xor:
                case DwOp.Eq:
                case DwOp.Ge:
                case DwOp.Gt:
                case DwOp.Le:
                case DwOp.Lt:
                case DwOp.Ne:
                case DwOp.Nop:
                case DwOp.PushObjectAddress:
                case DwOp.FormTlsAddress:
                case DwOp.CallFrameCfa:
                case DwOp.StackValue:
                case DwOp.GNUPushTlsAddress:
                case DwOp.GNUUninit:
                    break;
                default:
                    throw r.Error(at, $"unknown DWARF expression opcode 0x{op:x2}");
            }
            ops.Add(new DwarfOperation(at, op, a, b, block));
        }
        return new DwarfExpression(ops.ToArray(), bytes);
    }

    /// <summary>"DW_OP_fbreg: -20; DW_OP_deref" (close to readelf's spelling).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        foreach (var op in Operations)
        {
            if (sb.Length > 0)
            {
                sb.Append("; ");
            }

            sb.Append(op.Name);
            switch (op.Opcode)
            {
                case DwOp.Addr: sb.Append(ci, $": 0x{op.Operand1:x}"); break;
                case DwOp.Fbreg:
                case DwOp.Consts:
                case DwOp.Const1s:
                case DwOp.Const2s:
                case DwOp.Const4s:
                case DwOp.Const8s:
                case DwOp.Skip:
                case DwOp.Bra:
                    sb.Append(ci, $": {op.SignedOperand1}"); break;
                case >= DwOp.Breg0 and <= DwOp.Breg31: sb.Append(ci, $" ({DwarfRegisters.X86_64(op.Register)}): {op.SignedOperand1}"); break;
                case >= DwOp.Reg0 and <= DwOp.Reg31: sb.Append(ci, $" ({DwarfRegisters.X86_64(op.Register)})"); break;
                case DwOp.Regx: sb.Append(ci, $": {op.Operand1} ({DwarfRegisters.X86_64(op.Register)})"); break;
                case DwOp.Bregx: sb.Append(ci, $": {op.Operand1} ({DwarfRegisters.X86_64(op.Register)}) {op.SignedOperand2}"); break;
                case DwOp.BitPiece: sb.Append(ci, $": size: {op.Operand1} offset: {op.Operand2} "); break;
                case DwOp.ImplicitPointer: case DwOp.GNUImplicitPointer: sb.Append(ci, $": <0x{op.Operand1:x}> {op.SignedOperand2}"); break;
                case DwOp.EntryValue: case DwOp.GNUEntryValue: sb.Append(ci, $": {op.Operand1} bytes"); break;
                case >= DwOp.Lit0 and <= DwOp.Lit31:
                case DwOp.Deref:
                case DwOp.StackValue:
                case DwOp.CallFrameCfa:
                    break;
                default:
                    if (op.Operand1 != 0 || op.Operand2 != 0)
                    {
                        sb.Append(ci, $": {op.Operand1}");
                    }

                    if (op.Operand2 != 0)
                    {
                        sb.Append(ci, $" {op.Operand2}");
                    }

                    break;
            }
        }
        return sb.ToString();
    }
}

/// <summary>DWARF register numbers (x86-64 psABI) and their names.</summary>
public static class DwarfRegisters
{
    private static readonly string[] X86_64Names =
    [
        "rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip",
        "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
        "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
    ];

    public static string X86_64(int reg) => reg >= 0 && reg < X86_64Names.Length ? X86_64Names[reg] : $"r{reg}";
}

/// <summary>Where a variable lives over which addresses: one entry per location-list range (or one
/// entry covering everything for a single expression).</summary>
public readonly record struct DwarfLocationEntry(ulong Low, ulong High, DwarfExpression Expression, bool IsDefault)
{
    public bool Covers(ulong pc) => IsDefault || (pc >= Low && pc < High);
}

public sealed class DwarfLocation
{
    public DwarfLocation(IReadOnlyList<DwarfLocationEntry> entries, bool isList)
    {
        Entries = entries;
        IsList = isList;
    }

    public IReadOnlyList<DwarfLocationEntry> Entries { get; }
    /// <summary>From a location list (else a single expression valid wherever the DIE is in scope).</summary>
    public bool IsList { get; }

    /// <summary>The expression in effect at <paramref name="pc"/>, or null (optimized out there).</summary>
    public DwarfExpression? At(ulong pc)
    {
        foreach (var e in Entries)
        {
            if (!e.IsDefault && e.Covers(pc))
            {
                return e.Expression;
            }
        }

        foreach (var e in Entries)
        {
            if (e.IsDefault)
            {
                return e.Expression;
            }
        }

        return null;
    }

    /// <summary>DW_AT_location (or another exprloc/loclist attribute) of <paramref name="die"/>, or null.</summary>
    public static DwarfLocation? Of(DwarfDie die, int attribute = DwAt.Location)
    {
        var a = die.Attribute(attribute);
        if (a is null)
        {
            return null;
        }

        var u = die.Unit;
        var v = a.Value.Value;
        string where = $"{u.File.Name}(.debug_info) DIE <0x{die.Offset:x}>";
        if (v.Kind == DwarfValueKind.Block)
        {
            var e = DwarfExpression.Decode(v.Bytes, u.AddressSize, u.OffsetSize, u.Version, where);
            return new DwarfLocation([new DwarfLocationEntry(0, ulong.MaxValue, e, true)], false);
        }
        if (u.Version >= 5)
        {
            ulong offset;
            var sec = u.File.LocLists;
            if (v.Kind == DwarfValueKind.ListIndex)
            {
                ulong b = u.LoclistsBase ?? (ulong)(u.Is64 ? 20 : 12);
                var r0 = sec.Reader(b + v.Value * (ulong)u.OffsetSize, (ulong)u.OffsetSize);
                offset = b + (u.Is64 ? r0.U64() : r0.U32());
            }
            else if (v.Kind == DwarfValueKind.SectionOffset)
            {
                offset = v.Value;
            }
            else
            {
                return null;
            }

            return new DwarfLocation(ReadLocLists(u, sec, offset), true);
        }
        if (v.Kind is DwarfValueKind.SectionOffset or DwarfValueKind.Constant)
        {
            return new DwarfLocation(ReadDebugLoc(u, u.File.DebugLoc, v.Value), true);
        }

        return null;
    }

    private static DwarfExpression Expr(DwarfUnit u, DwarfSection sec, ref DataReader r, ulong len)
    {
        int start = r.Position;
        r.Skip((long)Math.Min(len, int.MaxValue + 1UL));
        return DwarfExpression.Decode(sec.Data.Slice(start, (int)len), u.AddressSize, u.OffsetSize, u.Version, $"{sec.Label} at 0x{start:x}");
    }

    private static List<DwarfLocationEntry> ReadLocLists(DwarfUnit u, DwarfSection sec, ulong offset)
    {
        var list = new List<DwarfLocationEntry>();
        var r = sec.Reader(offset);
        ulong b = u.BaseAddress;
        int asz = u.AddressSize;
        while (true)
        {
            int at = r.Position;
            byte kind = r.U8();
            switch (kind)
            {
                case DwLle.EndOfList: return list;
                case DwLle.BaseAddressx: b = u.ReadAddrIndex(r.Uleb128(), (ulong)at); break;
                case DwLle.StartxEndx:
                    {
                        ulong s = u.ReadAddrIndex(r.Uleb128(), (ulong)at), e = u.ReadAddrIndex(r.Uleb128(), (ulong)at);
                        list.Add(new DwarfLocationEntry(s, e, Expr(u, sec, ref r, r.Uleb128()), false));
                        break;
                    }
                case DwLle.StartxLength:
                    {
                        ulong s = u.ReadAddrIndex(r.Uleb128(), (ulong)at);
                        ulong l = r.Uleb128();
                        list.Add(new DwarfLocationEntry(s, s + l, Expr(u, sec, ref r, r.Uleb128()), false));
                        break;
                    }
                case DwLle.OffsetPair:
                    {
                        ulong s = r.Uleb128(), e = r.Uleb128();
                        list.Add(new DwarfLocationEntry(b + s, b + e, Expr(u, sec, ref r, r.Uleb128()), false));
                        break;
                    }
                case DwLle.DefaultLocation:
                    list.Add(new DwarfLocationEntry(0, ulong.MaxValue, Expr(u, sec, ref r, r.Uleb128()), true));
                    break;
                case DwLle.BaseAddress: b = r.Address(asz); break;
                case DwLle.StartEnd:
                    {
                        ulong s = r.Address(asz), e = r.Address(asz);
                        list.Add(new DwarfLocationEntry(s, e, Expr(u, sec, ref r, r.Uleb128()), false));
                        break;
                    }
                case DwLle.StartLength:
                    {
                        ulong s = r.Address(asz), l = r.Uleb128();
                        list.Add(new DwarfLocationEntry(s, s + l, Expr(u, sec, ref r, r.Uleb128()), false));
                        break;
                    }
                default: throw r.Error(at, $"unknown location list entry kind 0x{kind:x}");
            }
        }
    }

    private static List<DwarfLocationEntry> ReadDebugLoc(DwarfUnit u, DwarfSection sec, ulong offset)
    {
        var list = new List<DwarfLocationEntry>();
        var r = sec.Reader(offset);
        int asz = u.AddressSize;
        ulong max = asz == 8 ? ulong.MaxValue : (1UL << (asz * 8)) - 1;
        ulong b = u.BaseAddress;
        while (true)
        {
            ulong s = r.Address(asz), e = r.Address(asz);
            if (s == 0 && e == 0)
            {
                return list;
            }

            if (s == max) { b = e; continue; }
            ulong len = r.U16();
            list.Add(new DwarfLocationEntry(b + s, b + e, Expr(u, sec, ref r, len), false));
        }
    }
}
