using Stapper.Diagnostics;
using Stapper.Parse;
using Stapper.Parse.Preprocessing;

namespace Stapper.Tests.Parse;

public class VersionCompareTests
{
    [Theory]
    [InlineData("2.6.9", "2.6.20", -1)]
    [InlineData("2.6.20", "2.6.20", 0)]
    [InlineData("3.0", "2.6.32", 1)]
    [InlineData("6.8.0", "6.8", 1)]
    [InlineData("5.10", "5.2", 1)]
    [InlineData("4.0", "4.0-rc1", -1)]
    public void VersionsCompareLikeStrverscmp(string a, string b, int expected) =>
        Assert.Equal(expected, VersionCompare.Compare(a, b));

    [Fact]
    public void CallerExceptionsBecomeDiagnostics()
    {
        var context = ParseHelper.Context() with { KernelConfig = _ => throw new InvalidOperationException("boom") };
        var result = new ParsePass().Run(new ParseInput(
            new SourceFile("t.stp", "%( CONFIG_X == \"y\" %? probe begin {} %)"), [], context));
        Assert.Null(result.Script);
        Assert.Equal("internal parser error: boom", Assert.Single(result.Diagnostics).Message);
    }
}
