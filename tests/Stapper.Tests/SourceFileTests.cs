using Stapper.Diagnostics;

namespace Stapper.Tests;

public class SourceFileTests
{
    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(4, 1, 5)]
    [InlineData(6, 2, 1)]
    [InlineData(12, 3, 1)]
    public void LineColumnIsOneBased(int offset, int line, int column)
    {
        var file = new SourceFile("t.stp", "probe\nbegin\n{}");
        Assert.Equal((line, column), file.LineColumn(offset));
    }

    [Fact]
    public void LineTextDropsTheBreak()
    {
        var file = new SourceFile("t.stp", "a\r\nbc\n");
        Assert.Equal("a", file.LineText(1));
        Assert.Equal("bc", file.LineText(2));
    }
}
