using System.Collections.Immutable;

namespace Stapper.DebugInfo.Dwarf;

/// <summary>
/// One step of a <see cref="Computed"/> place: start from a register or a constant, add, load, keep low bytes, or
/// combine with a constant bit by bit or shift by one (Or, And, Xor, Shl, Shr, Shra).
/// </summary>
public enum PlaceOp { Register, Constant, Add, Load, KeepLowBytes, Or, And, Xor, Shl, Shr, Shra }

/// <summary>A step and its operand: the pt_regs field (Register), the value (Constant, Add, the bitwise and shift
/// steps), the byte count (Load, KeepLowBytes).</summary>
public readonly record struct PlaceStep(PlaceOp Op, string? Field, long Operand);

/// <summary>
/// A location expression beyond the plain forms, run as straight-line steps from one register or constant:
/// <c>DW_OP_breg5 40, DW_OP_deref, DW_OP_const4u 0xffffffff, DW_OP_and, DW_OP_stack_value</c> (a compat syscall's
/// inlined parameter) is rdi + 40, load 8 bytes, keep 4. <see cref="IsValue"/> with DW_OP_stack_value; else the
/// steps give the variable's address.
/// </summary>
public sealed record Computed(ImmutableArray<PlaceStep> Steps, bool IsValue) : VariablePlace
{
    /// <summary>The place, or null for what the steps cannot say: several values at once, entry values, pieces, frame base.</summary>
    public static Computed? From(IReadOnlyList<DwarfOperation> ops, Func<int, string?> field)
    {
        var steps = ImmutableArray.CreateBuilder<PlaceStep>();
        long? pending = null;  // a constant pushed on top of the steps' value, waiting for its operator
        var value = false;
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            if (value)
            {
                return null;  // DW_OP_stack_value ends the expression
            }
            if (Constant(op) is long k)
            {
                if (steps.Count == 0)
                {
                    steps.Add(new PlaceStep(PlaceOp.Constant, null, k));
                }
                else if (pending is null)
                {
                    pending = k;
                }
                else
                {
                    return null;
                }
                continue;
            }
            if (pending is { } operand)
            {
                pending = null;
                switch (op.Opcode)
                {
                    case DwOp.Plus:
                        steps.Add(new PlaceStep(PlaceOp.Add, null, operand));
                        continue;
                    case DwOp.Minus:
                        steps.Add(new PlaceStep(PlaceOp.Add, null, -operand));
                        continue;
                    case DwOp.And when operand is 0xff or 0xffff or 0xffffffff:
                        steps.Add(new PlaceStep(PlaceOp.KeepLowBytes, null, operand == 0xff ? 1 : operand == 0xffff ? 2 : 4));
                        continue;
                    // A flag or'ed into a parameter at an inlined call (do_sys_open's flags | O_LARGEFILE on 6.12).
                    case DwOp.And or DwOp.Or or DwOp.Xor:
                        steps.Add(new PlaceStep(op.Opcode switch { DwOp.And => PlaceOp.And, DwOp.Or => PlaceOp.Or, _ => PlaceOp.Xor }, null, operand));
                        continue;
                    case DwOp.Shl or DwOp.Shr or DwOp.Shra when operand is >= 0 and < 64:
                        steps.Add(new PlaceStep(op.Opcode switch { DwOp.Shl => PlaceOp.Shl, DwOp.Shr => PlaceOp.Shr, _ => PlaceOp.Shra }, null, operand));
                        continue;
                    default:
                        return null;
                }
            }
            switch (op.Opcode)
            {
                case >= DwOp.Breg0 and <= DwOp.Breg0 + 31 when steps.Count == 0 && field(op.Opcode - DwOp.Breg0) is { } reg:
                    steps.Add(new PlaceStep(PlaceOp.Register, reg, 0));
                    steps.Add(new PlaceStep(PlaceOp.Add, null, op.SignedOperand1));
                    break;
                case DwOp.Bregx when steps.Count == 0 && field((int)op.Operand1) is { } reg:
                    steps.Add(new PlaceStep(PlaceOp.Register, reg, 0));
                    steps.Add(new PlaceStep(PlaceOp.Add, null, op.SignedOperand2));
                    break;
                case DwOp.PlusUconst when steps.Count > 0:
                    steps.Add(new PlaceStep(PlaceOp.Add, null, (long)op.Operand1));
                    break;
                case DwOp.Deref when steps.Count > 0:
                    steps.Add(new PlaceStep(PlaceOp.Load, null, 8));
                    break;
                case DwOp.DerefSize when steps.Count > 0 && op.Operand1 is 1 or 2 or 4 or 8:
                    steps.Add(new PlaceStep(PlaceOp.Load, null, (long)op.Operand1));
                    break;
                case DwOp.StackValue when steps.Count > 0:
                    value = true;
                    break;
                default:
                    return null;
            }
        }
        return steps.Count > 0 && pending is null ? new Computed(steps.ToImmutable(), value) : null;
    }

    /// <summary>DW_OP_litN and DW_OP_constN's value, null for other operations.</summary>
    internal static long? Constant(DwarfOperation op) => op.Opcode switch
    {
        >= DwOp.Lit0 and <= DwOp.Lit0 + 31 => op.Opcode - DwOp.Lit0,
        DwOp.Const1u or DwOp.Const2u or DwOp.Const4u or DwOp.Const8u or DwOp.Constu => (long)op.Operand1,
        DwOp.Const1s or DwOp.Const2s or DwOp.Const4s or DwOp.Const8s or DwOp.Consts => op.SignedOperand1,
        _ => null,
    };
}
