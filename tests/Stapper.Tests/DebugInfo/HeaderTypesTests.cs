using Stapper.DebugInfo;

namespace Stapper.Tests.DebugInfo;

/// <summary>@cast's user-space header modules: "&lt;a.h&gt;&lt;b.h&gt;", compiled for their DWARF types.</summary>
public class HeaderTypesTests
{
    [Theory]
    [InlineData("<sys/un.h>", new[] { "sys/un.h" })]
    [InlineData("<sys/types.h><time.h>", new[] { "sys/types.h", "time.h" })]
    [InlineData("kernel<linux/sched.h>", new string[0])]
    [InlineData("<sys/un.h>junk", new string[0])]
    [InlineData("<>", new string[0])]
    public void HeadersAreTheBracketedNames(string module, string[] headers) =>
        Assert.Equal(headers, HeaderTypes.Headers(module));

    [Fact]
    public void ATypeIsFoundWithOrWithoutItsTag()
    {
        var un = HeaderTypes.Find("<sys/un.h>", "sockaddr_un");
        Assert.NotNull(un);
        Assert.Equal(TypeKind.Struct, un.Resolve().Kind);
        Assert.Equal(110UL, un.Resolve().Size);
        Assert.Equal(2UL, un.FindMember("sun_path")!.Offset);
        Assert.Equal(un.Resolve().Size, HeaderTypes.Find("<sys/un.h>", "struct sockaddr_un")!.Resolve().Size);
        Assert.Equal(8UL, HeaderTypes.Find("<sys/types.h>", "size_t")!.Resolve().Size);
    }

    [Fact]
    public void AHeaderThatDoesNotCompileHasNoTypes() => Assert.Null(HeaderTypes.Find("<no/such/header.h>", "x"));
}
