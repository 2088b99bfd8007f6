using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Tests.Elaborate;

/// <summary>A wildcard that would register more than MAXPROBES probes is refused, with the count; -D MAXPROBES=N allows it.</summary>
public class ProbeCountGuardTests
{
    private static readonly FakeKernel Kernel = new([.. Enumerable.Range(0, 12000).Select(i => $"proc_f{i}"), "vfs_read"]);

    private static ElaborationResult Run(string script, int? maxProbes)
    {
        var context = new PreprocessorContext("6.1.0-test-amd64", "x86_64", false, [], _ => null);
        var parse = new ParsePass().Run(new ParseInput(new SourceFile("t.stp", script), [], context));
        var options = new ElaborateOptions(false, [], new Lazy<IKernelSymbols?>(Kernel));
        return new ElaboratePass().Run(parse, maxProbes is int n ? options with { MaxProbes = n } : options);
    }

    [Fact]
    public void AWildcardOverTheLimitIsRefusedWithItsCount()
    {
        var result = Run("probe kernel.function(\"proc_*\") { }", null);
        Assert.Null(result.Program);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("semantic error: probe point kernel.function(\"proc_*\") would register 12000 probes, more than MAXPROBES (10000); "
            + "pass -D MAXPROBES=12000 to register them all: identifier 'kernel' at t.stp:1:7\n"
            + "        source: probe kernel.function(\"proc_*\") { }\n"
            + "                      ^\n\n", new DiagnosticRenderer().Render(error));
    }

    [Fact]
    public void TheLimitCanBeRaisedAndUnderItNothingChanges()
    {
        Assert.Equal(12000, Run("probe kernel.function(\"proc_*\") { println(1) }", 12000).Program!.Probes.Sum(p => p.Sites.Length));
        Assert.Empty(Run("probe kernel.function(\"proc_f1*\") { println(1) }", null).Diagnostics.Where(d => d.IsError));
        Assert.Contains(Run("probe kernel.function(\"*\") { }", 100).Diagnostics, d => d.Message.Contains("would register 12001 probes, more than MAXPROBES (100)", StringComparison.Ordinal));
    }
}
