using System.Collections.Immutable;
using Stapper.DebugInfo;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>The target steps that read an SDT marker's argument where its specification says it is.</summary>
internal static class SdtSteps
{
    public static ImmutableArray<TargetStep> Of(SdtArgument a) => a.Operand switch
    {
        // stap 4.8 reads a one-byte register argument unsigned ("-1@%al" of -1 is 255); wider ones as specified.
        SdtRegister r => [new LoadRegister(r.Field), .. Narrowed(a.Size, a.Signed && a.Size > 1)],
        SdtConstant k => [new LoadConstant(k.Value), .. Narrowed(a.Size, a.Signed)],
        SdtMemory m => [
            m.Base is { } b ? new LoadRegister(b) : new LoadConstant(0),
            .. m.Index is { } i ? [new AddRegister(i, m.Scale)] : Array.Empty<TargetStep>(),
            new AddOffset(m.Displacement),
            new FetchUser(a.Size, a.Signed)],
        _ => [],
    };

    private static TargetStep[] Narrowed(int size, bool signed) => size < 8 ? [new Narrow(size, signed)] : [];
}
