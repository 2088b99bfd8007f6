using System.Collections.Immutable;
using Stapper.DebugInfo;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>
/// Where a user-space function's parameters are at its first instruction, by the x86_64 System V ABI: integer and
/// pointer parameters take rdi, rsi, rdx, rcx, r8, r9 in turn, then 8-byte stack slots above the return address.
/// A probe sits on the entry, before the prologue stores anything, so DWARF's locations (frame-relative in
/// unoptimized code) do not hold yet and the convention is what places the values.
/// </summary>
internal static class UserCallingConvention
{
    public const int RegisterSlots = 6;

    /// <summary>
    /// Each parameter's slot: 0-5 a register, 6 and up the stack (slot 6 at rsp+8). Null for a parameter that is not
    /// one integer word (a float in an SSE register, a structure by value), and for every parameter after a structure
    /// by value, whose place then depends on classification rules not followed here.
    /// </summary>
    public static ImmutableArray<int?> Slots(IReadOnlyList<ParameterInfo> parameters)
    {
        var slots = ImmutableArray.CreateBuilder<int?>(parameters.Count);
        var next = 0;
        var floats = 0;
        var stackKnown = true;
        foreach (var p in parameters)
        {
            var t = p.Type.Resolve();
            if (t.Kind == TypeKind.Float && t.Size is 4 or 8)
            {
                // xmm0-xmm7 take no integer register; a ninth goes to the stack.
                stackKnown &= ++floats <= 8;
                slots.Add(null);
                continue;
            }
            var word = t.Kind is TypeKind.Integer or TypeKind.Enum or TypeKind.Pointer && t.Size is > 0 and <= 8;
            if (!word)
            {
                // An aggregate or float may still use integer registers or the stack; after it, only registers
                // already counted are certain.
                stackKnown = false;
                next = RegisterSlots;
                slots.Add(null);
                continue;
            }
            slots.Add(next < RegisterSlots || stackKnown ? next : null);
            next++;
        }
        return slots.MoveToImmutable();
    }

    /// <summary>A register parameter's value, cut to its type's width (the caller may leave the upper bits as they were).</summary>
    public static ImmutableArray<TargetStep> Register(int slot, TypeInfo type)
    {
        var t = type.Resolve();
        return t.Size < 8 && t.Kind != TypeKind.Pointer
            ? [new LoadParameter(slot, false), new Narrow((int)t.Size, t.IsSigned)]
            : [new LoadParameter(slot, false)];
    }

    /// <summary>The address of stack slot <paramref name="slot"/> at entry: the return address is at rsp.</summary>
    public static ImmutableArray<TargetStep> StackAddress(int slot) =>
        [new LoadRegister("sp"), new AddOffset(8 + 8L * (slot - RegisterSlots))];
}
