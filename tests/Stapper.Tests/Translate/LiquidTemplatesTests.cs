using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>Pass 3's templates are read and parsed once per process, however many sites render them.</summary>
public class LiquidTemplatesTests
{
    [Fact]
    public void AFileIsParsedOnceAndRendersWithEachModel()
    {
        var dir = Directory.CreateTempSubdirectory("stapper-liquid-").FullName;
        try
        {
            var path = Path.Combine(dir, "site.liquid");
            File.WriteAllText(path, "static void stp_site_{{ site }}_run(void);\n");
            var first = LiquidTemplates.Load(path);
            // Read once: a later change to the file is not seen, and another spelling of the path is the same file.
            File.WriteAllText(path, "changed\n");
            Assert.Same(first, LiquidTemplates.Load(Path.Combine(dir, ".", "site.liquid")));
            Assert.Equal("static void stp_site_7_run(void);\n", TranslatePass.Render(first, new Dictionary<string, object?> { ["site"] = 7 }));
            Assert.Equal("static void stp_site_8_run(void);\n", TranslatePass.Render(first, new Dictionary<string, object?> { ["site"] = 8 }));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ABrokenTemplateIsAnError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LiquidTemplates.Parse("{% if %}"));
        Assert.StartsWith("template error: ", e.Message);
    }
}
