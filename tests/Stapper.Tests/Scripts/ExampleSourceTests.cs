namespace Stapper.Tests.Scripts;

/// <summary>A NAME.example case's script is copied from SystemTap's examples, or the case says why it cannot run.</summary>
public sealed class ExampleSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stapper-example-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Source()
    {
        var examples = Path.Combine(_dir, "src", "testsuite", "systemtap.examples", "process");
        Directory.CreateDirectory(examples);
        File.WriteAllText(Path.Combine(examples, "fork.stp"), "probe begin { exit() }\n");
        return Path.Combine(_dir, "src");
    }

    [Fact]
    public void CopiesTheExampleBesideTheCase()
    {
        var script = Path.Combine(_dir, "fork.stp");
        Assert.Null(ExampleSource.Materialise("process/fork.stp", script, Source()));
        Assert.Equal("probe begin { exit() }\n", File.ReadAllText(script));
    }

    [Fact]
    public void SaysWhyWhenTheExampleIsMissingOrOutside()
    {
        var source = Source();
        var script = Path.Combine(_dir, "x.stp");
        Assert.Contains("no such example", ExampleSource.Materialise("process/nope.stp", script, source));
        Assert.Contains("not a .stp under testsuite/systemtap.examples/", ExampleSource.Materialise("../../x.stp", script, source));
        Assert.False(File.Exists(script));
    }

    [Fact]
    public void WithoutTheSourceTheReasonNamesIt() =>
        Assert.StartsWith("no SystemTap source", ExampleSource.Materialise("process/fork.stp", Path.Combine(_dir, "y.stp"), root: null));
}
