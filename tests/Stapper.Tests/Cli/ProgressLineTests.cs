using Stapper.Cli;

namespace Stapper.Tests.Cli;

/// <summary>When the status line of long steps shows, and what a frame is (tests/cli/progress.sh runs it on a pty).</summary>
public class ProgressLineTests
{
    [Theory]
    [InlineData(null, false, "xterm", null, true)]
    [InlineData(null, true, "xterm", null, false)]
    [InlineData(null, false, "dumb", null, false)]
    [InlineData(null, false, null, null, false)]
    [InlineData(null, false, "xterm", "true", false)]
    [InlineData("always", true, null, "true", true)]
    [InlineData("never", false, "xterm", null, false)]
    public void ShowsOnATerminalOutsideCi(string? setting, bool redirected, string? term, string? ci, bool shown) =>
        Assert.Equal(shown, ProgressLine.Wanted(setting, redirected, term, ci));

    [Fact]
    public void AFrameRedrawsTheWholeLine() =>
        Assert.Equal("\rPass 4: compiling the module for 6.1... 3s\u001b[K", ProgressLine.Frame("Pass 4: compiling the module for 6.1", TimeSpan.FromSeconds(3.7)));
}
