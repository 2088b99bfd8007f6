using Stapper.DebugInfo.Dwarf;

namespace Stapper.Tests.DebugInfo;

/// <summary>Location expressions run as straight-line steps from one register (inlined syscall parameters on 6.1).</summary>
public class ComputedPlaceTests
{
    private static Computed? Place(params byte[] bytes) =>
        Computed.From(DwarfExpression.Decode(bytes, 8, 4, 5).Operations, reg => reg == 5 ? "di" : null);

    [Fact]
    public void ALoadFromASavedRegisterIsAValue()
    {
        // DW_OP_breg5 112, DW_OP_deref, DW_OP_stack_value
        var place = Place(0x75, 0xf0, 0x00, 0x06, 0x9f)!;
        Assert.True(place.IsValue);
        Assert.Equal<PlaceStep>([new(PlaceOp.Register, "di", 0), new(PlaceOp.Add, null, 112), new(PlaceOp.Load, null, 8)], place.Steps.ToArray());
    }

    [Fact]
    public void AMaskKeepsTheLowBytes()
    {
        // DW_OP_breg5 40, DW_OP_deref, DW_OP_const4u 0xffffffff, DW_OP_and, DW_OP_stack_value
        var place = Place(0x75, 0x28, 0x06, 0x0c, 0xff, 0xff, 0xff, 0xff, 0x1a, 0x9f)!;
        Assert.Equal(new PlaceStep(PlaceOp.KeepLowBytes, null, 4), place.Steps[^1]);
    }

    [Fact]
    public void AFlagOredInAndOtherMasksAreSteps()
    {
        // DW_OP_breg5 0, DW_OP_const2u 0x8000, DW_OP_or, DW_OP_stack_value: do_sys_open's flags | O_LARGEFILE where
        // 6.12 inlined it; then a mask of no whole bytes and an arithmetic shift
        Assert.Equal<PlaceStep>([new(PlaceOp.Register, "di", 0), new(PlaceOp.Add, null, 0), new(PlaceOp.Or, null, 0x8000)],
            Place(0x75, 0x00, 0x0a, 0x00, 0x80, 0x21, 0x9f)!.Steps.ToArray());
        Assert.Equal(new PlaceStep(PlaceOp.And, null, 0xf), Place(0x75, 0x08, 0x0c, 0x0f, 0x00, 0x00, 0x00, 0x1a, 0x9f)!.Steps[^1]);
        Assert.Equal(new PlaceStep(PlaceOp.Shra, null, 3), Place(0x75, 0x08, 0x33, 0x26, 0x9f)!.Steps[^1]);
    }

    [Fact]
    public void WithoutStackValueTheStepsGiveAnAddress()
    {
        // DW_OP_breg5 8, DW_OP_deref, DW_OP_plus_uconst 16
        var place = Place(0x75, 0x08, 0x06, 0x23, 0x10)!;
        Assert.False(place.IsValue);
        Assert.Equal(new PlaceStep(PlaceOp.Add, null, 16), place.Steps[^1]);
    }

    [Theory]
    [InlineData(new byte[] { 0xa3, 0x01, 0x55, 0x23, 0x28, 0x06, 0x9f })]  // DW_OP_entry_value(reg5), ...: not at hand
    [InlineData(new byte[] { 0x91, 0x10 })]                                // DW_OP_fbreg 16: no frame base
    [InlineData(new byte[] { 0x76, 0x08, 0x06 })]                          // a register Stapper does not map
    [InlineData(new byte[] { 0x75, 0x08, 0x08, 0x03, 0x1e, 0x9f })]         // DW_OP_mul: not a step
    public void WhatTheStepsCannotSayIsNoPlace(byte[] bytes) => Assert.Null(Place(bytes));
}
