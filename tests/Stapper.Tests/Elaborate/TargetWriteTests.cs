using Stapper.Diagnostics;

namespace Stapper.Tests.Elaborate;

/// <summary>Writing a target variable needs -g, with stap's words (stap 4.8, tests/scripts/safety/guru_target_write).</summary>
public class TargetWriteTests
{
    [Fact]
    public void WritingATargetVariableWithoutGuruModeIsRefused()
    {
        var result = Elaboration.Run("probe kernel.function(\"vfs_read\") {\n  $count = 0\n}\n", new FakeKernel("vfs_read"));
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("semantic error: write to target variable not permitted; need stap -g: identifier '$count' at t.stp:2:3\n"
            + "        source:   $count = 0\n"
            + "                  ^\n\n", new DiagnosticRenderer().Render(error));
    }
}
