using Stapper.DebugInfo;

namespace Stapper.Tests.DebugInfo;

public class GlobTests
{
    [Theory]
    [InlineData("vfs_*", "vfs_read", true)]
    [InlineData("vfs_*", "vfs_", true)]
    [InlineData("vfs_*", "do_vfs", false)]
    [InlineData("*read*", "vfs_read_iter", true)]
    [InlineData("?fs_read", "vfs_read", true)]
    [InlineData("?fs_read", "vvfs_read", false)]
    [InlineData("sys_[rw]*", "sys_read", true)]
    [InlineData("sys_[rw]*", "sys_open", false)]
    [InlineData("sys_[!rw]*", "sys_open", true)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[a-c]x", "dx", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("[abc", "[abc", true)]
    public void Matches(string pattern, string text, bool expected) => Assert.Equal(expected, Glob.Match(pattern, text));

    [Fact]
    public void PathologicalPatternEnds()
    {
        // A backtracking matcher would take exponential time here; this one answers at once.
        var text = new string('a', 5000);
        Assert.False(Glob.Match("*a*a*a*a*a*a*a*b", text));
    }
}
