using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>The exact C for each construct under Constructs/ (see its README): data-driven, one script each.</summary>
public class ConstructTests
{
    private static readonly string Folder = Path.Combine(Harness.RepoRoot, "tests", "Stapper.Tests", "Translate", "Constructs");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Folder, "*.stp").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }
        return data;
    }

    [Fact]
    public void EveryScriptHasItsExpectedC()
    {
        var scripts = Directory.GetFiles(Folder, "*.stp").Select(Path.GetFileNameWithoutExtension);
        Assert.True(scripts.Count() >= 10);
        Assert.All(scripts, name => Assert.True(File.Exists(Path.Combine(Folder, name + ".c")), name + ".c is missing"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GeneratedCIsExactly(string name)
    {
        var program = Stapper.Tests.Elaborate.Elaboration.Program(File.ReadAllText(Path.Combine(Folder, name + ".stp")));
        var c = Harness.Translate(program).Files[TranslatePass.SourceFileName];
        var start = c.IndexOf("/* ---- globals ---- */", StringComparison.Ordinal);
        var end = c.IndexOf("static int stp_lock_stp_p_0(void)", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the generated C lost its section markers");
        var actual = c[start..end];
        var expectedPath = Path.Combine(Folder, name + ".c");
        if (Environment.GetEnvironmentVariable("STAPPER_UPDATE_CONSTRUCTS") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }
}
