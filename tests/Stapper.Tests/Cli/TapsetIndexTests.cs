using Stapper.Cli;
using Stapper.Parse;

namespace Stapper.Tests.Cli;

public class TapsetIndexTests
{
    [Fact]
    public void AnEditedTapsetIsScannedAgainAndAnAddedOneIsSeen()
    {
        var root = Directory.CreateTempSubdirectory("stapper-index-").FullName;
        try
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, "tapsets")).FullName;
            var cache = Path.Combine(root, "cache");
            var file = Path.Combine(dir, "mine.stp");
            File.WriteAllText(file, "function first() { return 1 }\n");
            var before = TapsetIndex.Load([dir], cache).Single(f => f.Path == file);
            Assert.Equal(["first"], TapsetDeclarations.Names(before.Declarations.Functions).ToArray());
            Assert.Single(Directory.GetFiles(cache));

            File.WriteAllText(file, "function second() { return 2 }\nglobal g\n");
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
            File.WriteAllText(Path.Combine(dir, "added.stp"), "probe my.point = begin { }\n");
            var after = TapsetIndex.Load([dir], cache);
            Assert.Equal(["second"], TapsetDeclarations.Names(after.Single(f => f.Path == file).Declarations.Functions).ToArray());
            Assert.Equal(["g"], TapsetDeclarations.Names(after.Single(f => f.Path == file).Declarations.Globals).ToArray());
            Assert.Equal(["my.point"], TapsetDeclarations.Names(after.Single(f => f.Path.EndsWith("added.stp", StringComparison.Ordinal)).Declarations.Aliases).ToArray());
            // The index written last is read back as it was scanned.
            var again = TapsetIndex.Load([dir], cache);
            Assert.Equal(after.Select(f => (f.Path, f.Declarations.Functions)),
                again.Select(f => (f.Path, f.Declarations.Functions)));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
