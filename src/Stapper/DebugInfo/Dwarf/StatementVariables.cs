namespace Stapper.DebugInfo.Dwarf;

/// <summary>Where a variable is at one address, in the forms Stapper evaluates from a probe's pt_regs.</summary>
public abstract record VariablePlace;

/// <summary>DW_OP_regN: the value is in register <see cref="Field"/> (pt_regs field name).</summary>
public sealed record InRegister(string Field) : VariablePlace;

/// <summary>DW_OP_bregN off: the variable is in memory at register + offset.</summary>
public sealed record AtRegisterOffset(string Field, long Offset) : VariablePlace;

/// <summary>DW_OP_bregN off, DW_OP_stack_value: the value is register + offset.</summary>
public sealed record RegisterPlusOffset(string Field, long Offset) : VariablePlace;

/// <summary>DW_OP_litN / constN, DW_OP_stack_value, or DW_AT_const_value: the value is a constant.</summary>
public sealed record ConstantValue(long Value) : VariablePlace;

/// <summary>No location at this address (<paramref name="Absent"/>: DWARF gives none there, and stap's -L leaves the
/// variable out), or one Stapper does not evaluate (pieces, entry values, a frame base without CFI).</summary>
public sealed record Unavailable(bool Absent = false) : VariablePlace;

/// <summary>DW_OP_entry_value (or GNU's) that Stapper cannot resolve at this address: only the value of a register at
/// the function's own entry is read; stap's error, not a guessed value.</summary>
public sealed record UnresolvedEntryValue : VariablePlace;

/// <summary>A parameter or local visible at a statement: its name, type, whether it is a parameter, and its place there.</summary>
public sealed record StatementVariable(string Name, TypeInfo Type, bool IsParameter, VariablePlace Place);

/// <summary>
/// The parameters and locals of a function scope (a subprogram or an inlined instance) at one address: the scope's
/// own parameters and the variables of the scope and of each lexical block holding the address, innermost block first
/// and each in DIE order, as stap lists them. Locations are read at that address from location lists; a frame-base
/// relative one (<c>DW_OP_fbreg</c>) through the enclosing subprogram's DW_AT_frame_base, whose usual
/// <c>DW_OP_call_frame_cfa</c> is the CFA rule (register + offset) of the file's CFI row at the address.
/// </summary>
public static class StatementVariables
{
    /// <summary>The variables at <paramref name="pc"/> and a prototype of <paramref name="function"/> (of
    /// <paramref name="module"/>) whose parameters they are, in the same order, for target variables.
    /// <paramref name="frames"/> gives the file's CFI rows (read only when a location needs the frame base).</summary>
    public static (FunctionInfo Prototype, IReadOnlyList<StatementVariable> Variables) Scope(DwarfDie scope, ulong pc, string function, string module,
        Func<IReadOnlyList<CallFrameRow>>? frames = null)
    {
        var variables = At(scope, pc, frames);
        var parameters = variables.Select((v, i) => new ParameterInfo(i, v.Name, v.Type)).ToList();
        return (new FunctionInfo(function, module, new RenamedPrototype(DwarfTypeInfo.Of(scope.Origin()), parameters), ""), variables);
    }

    public static IReadOnlyList<StatementVariable> At(DwarfDie scope, ulong pc, Func<IReadOnlyList<CallFrameRow>>? frames = null)
    {
        var scopes = new List<List<StatementVariable>>();
        var frameBase = new Lazy<(int Register, long Offset)?>(() => FrameBase(scope, pc, frames));
        Collect(scope, pc, frameBase, scopes, top: true);
        var variables = new List<StatementVariable>();
        for (int i = scopes.Count - 1; i >= 0; i--)
        {
            variables.AddRange(scopes[i].Where(v => variables.All(x => x.Name != v.Name)));
        }
        return variables;
    }

    /// <summary>The variables of <paramref name="die"/> in DIE order, after those of its enclosing scopes in
    /// <paramref name="scopes"/>; then the same for the lexical block holding <paramref name="pc"/>.</summary>
    private static void Collect(DwarfDie die, ulong pc, Lazy<(int Register, long Offset)?> frameBase, List<List<StatementVariable>> scopes, bool top)
    {
        var own = new List<StatementVariable>();
        scopes.Add(own);
        DwarfDie? inner = null;
        foreach (var c in die.Children)
        {
            if (c.Tag == DwTag.FormalParameter && top || c.Tag == DwTag.Variable)
            {
                var v = new DwarfVariable(c, -1);
                if (v.Name is not { } name || v.Type is not { } type || c.Flag(DwAt.Declaration) || own.Any(x => x.Name == name))
                {
                    continue;
                }
                own.Add(new StatementVariable(name, type, c.Tag == DwTag.FormalParameter, Place(v, pc, frameBase)));
            }
            else if (c.Tag == DwTag.LexicalBlock && inner is null && c.Ranges() is var ranges && ranges.Any(r => r.Contains(pc)))
            {
                inner = c;
            }
        }
        if (inner is not null)
        {
            Collect(inner, pc, frameBase, scopes, top: false);
        }
    }

    private static VariablePlace Place(DwarfVariable v, ulong pc, Lazy<(int Register, long Offset)?> frameBase)
    {
        if (v.ConstValue is { IsConstant: true } k)
        {
            return new ConstantValue((long)k.Value);
        }
        if (v.Location?.At(pc) is not { IsEmpty: false } e)
        {
            return new Unavailable(Absent: true);
        }
        var ops = e.Operations;
        if (ops.Any(o => o.Opcode is DwOp.EntryValue or DwOp.GNUEntryValue))
        {
            // A register's value on entry to the function: at the entry itself, the register now (stap 4.8 captures
            // it in an extra probe at the entry, which Stapper does not add); elsewhere an error, never a guess.
            if (ops[0].Opcode is DwOp.EntryValue or DwOp.GNUEntryValue && ops.Skip(1).All(o => o.Opcode is not (DwOp.EntryValue or DwOp.GNUEntryValue))
                && DwarfExpression.Decode(ops[0].Block, 8, 4, 5, "entry value").SingleRegister is { } entryRegister && Field(entryRegister) is not null
                && pc == FunctionEntry(v.Die))
            {
                ops = [new DwarfOperation(0, DwOp.Breg0 + entryRegister, 0, 0, default), .. ops.Skip(1)];
            }
            else
            {
                return new UnresolvedEntryValue();
            }
        }
        if (ops[0].Opcode == DwOp.Fbreg)
        {
            if (frameBase.Value is not var (register, baseOffset))
            {
                return new Unavailable();
            }
            // DW_OP_fbreg N is DW_OP_bregR (offset + N) once the frame base is register R + offset.
            ops = [new DwarfOperation(0, DwOp.Breg0 + register, (ulong)(baseOffset + ops[0].SignedOperand1), 0, default), .. ops.Skip(1)];
        }
        if (ops.Count == 1 && ops[0].IsRegister && Field(ops[0].Register) is { } reg)
        {
            return new InRegister(reg);
        }
        if (ops.Count is 1 or 2 && Breg(ops[0]) is var (field, offset) && field is not null)
        {
            if (ops.Count == 1)
            {
                return new AtRegisterOffset(field, offset);
            }
            if (ops[1].Opcode == DwOp.StackValue)
            {
                return new RegisterPlusOffset(field, offset);
            }
        }
        if (ops.Count == 2 && ops[1].Opcode == DwOp.StackValue && Computed.Constant(ops[0]) is long literal)
        {
            return new ConstantValue(literal);
        }
        return Computed.From(ops, Field) is { } computed ? computed : new Unavailable();
    }

    /// <summary>
    /// The frame base at <paramref name="pc"/> as register + offset: the DW_AT_frame_base of the subprogram holding
    /// <paramref name="scope"/> (an inlined instance has none of its own), with DW_OP_call_frame_cfa the CFA rule in force.
    /// </summary>
    private static (int Register, long Offset)? FrameBase(DwarfDie scope, ulong pc, Func<IReadOnlyList<CallFrameRow>>? frames)
    {
        var subprogram = scope;
        while (subprogram is not null && subprogram.Tag != DwTag.Subprogram)
        {
            subprogram = subprogram.Parent;
        }
        if (subprogram is null || DwarfLocation.Of(subprogram, DwAt.FrameBase)?.At(pc) is not { Operations: [var op] })
        {
            return null;
        }
        return op.Opcode switch
        {
            DwOp.CallFrameCfa => frames is not null && CallFrameTable.At(frames(), pc) is { } row ? (row.CfaRegister, row.CfaOffset) : null,
            >= DwOp.Breg0 and <= DwOp.Breg0 + 31 => (op.Opcode - DwOp.Breg0, op.SignedOperand1),
            DwOp.Bregx => ((int)op.Operand1, op.SignedOperand2),
            _ when op.IsRegister => (op.Register, 0),
            _ => null,
        };
    }

    /// <summary>The entry address of the (out-of-line) function whose frame <paramref name="die"/> lives in.</summary>
    private static ulong? FunctionEntry(DwarfDie die)
    {
        var subprogram = die.Parent;
        while (subprogram is not null && subprogram.Tag != DwTag.Subprogram)
        {
            subprogram = subprogram.Parent;
        }
        return subprogram is null ? null : new DwarfFunction(subprogram).EntryPc;
    }

    private static (string? Field, long Offset) Breg(DwarfOperation op) =>
        op.Opcode is >= DwOp.Breg0 and <= DwOp.Breg0 + 31 ? (Field(op.Opcode - DwOp.Breg0), op.SignedOperand1)
        : op.Opcode == DwOp.Bregx ? (Field((int)op.Operand1), op.SignedOperand2)
        : (null, 0);

    /// <summary>pt_regs field of DWARF register <paramref name="reg"/> (x86-64), null for others (rip, vector registers).</summary>
    private static string? Field(int reg) => reg switch
    {
        0 => "ax",
        1 => "dx",
        2 => "cx",
        3 => "bx",
        4 => "si",
        5 => "di",
        6 => "bp",
        7 => "sp",
        >= 8 and <= 15 => "r" + reg.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
