using Stapper.DebugInfo;
using Stapper.Elaborate.Binding;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Tests.Elaborate;

/// <summary>Autocast types flowing into a local or a return value: kept while they agree, dropped when they do not.</summary>
public class TargetFlowTests
{
    private static TargetType PointerTo(long id, string name) => new(new PointerType(new SyntheticType(TypeKind.Struct, name, 8, false, null, [], id)), false);

    [Fact]
    public void OneTypeIsKeptAndAgreeingOnesChangeNothing()
    {
        var flow = new TargetFlow();
        Assert.False(flow.Take(null));
        Assert.True(flow.Take(PointerTo(7, "file")));
        // A new pointer object to the same type is the same type.
        Assert.False(flow.Take(PointerTo(7, "file")));
        Assert.NotNull(flow.Type);
    }

    [Fact]
    public void DisagreeingTypesLeaveNone()
    {
        var flow = new TargetFlow();
        flow.Take(PointerTo(7, "file"));
        Assert.True(flow.Take(PointerTo(8, "inode")));
        Assert.Null(flow.Type);
        Assert.False(flow.Take(PointerTo(7, "file")));
        Assert.Null(flow.Type);
    }

    [Fact]
    public void UserAndKernelMemoryAreNotTheSame() =>
        Assert.False(PointerTo(7, "file").SameAs(PointerTo(7, "file") with { User = true }));
}
