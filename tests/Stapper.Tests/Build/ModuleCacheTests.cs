using System.Collections.Immutable;
using Stapper.Build;
using Stapper.Translate;

namespace Stapper.Tests.Build;

/// <summary>--clean-cache's trimming and -B's part in the cache key.</summary>
public class ModuleCacheTests
{
    [Fact]
    public void CleanRemovesLeastRecentlyUsedUntilUnderTheLimit()
    {
        var cache = Directory.CreateTempSubdirectory("stapper-cache-test-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(cache, ModuleCache.LimitFileName), "1\n");
            var now = DateTime.UtcNow;
            foreach (var (name, age) in new[] { ("old", 3), ("middle", 2), ("new", 1) })
            {
                var entry = Directory.CreateDirectory(Path.Combine(cache, "modules", name)).FullName;
                var file = Path.Combine(entry, "m.ko");
                File.WriteAllBytes(file, new byte[600 * 1024]);
                File.SetLastAccessTimeUtc(file, now.AddHours(-age));
            }
            var removed = ModuleCache.Clean(cache).Select(p => Path.GetFileName(p)).ToArray();
            Assert.Equal(["old", "middle"], removed);
            Assert.True(Directory.Exists(Path.Combine(cache, "modules", "new")));
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }

    [Fact]
    public void CacheSizeWritesTheLimitThenTrims()
    {
        var cache = Directory.CreateTempSubdirectory("stapper-cache-test-").FullName;
        try
        {
            var entry = Directory.CreateDirectory(Path.Combine(cache, "modules", "one")).FullName;
            File.WriteAllBytes(Path.Combine(entry, "m.ko"), new byte[4096]);
            Assert.Empty(ModuleCache.Clean(cache, 1));
            Assert.Equal("1\n", File.ReadAllText(Path.Combine(cache, ModuleCache.LimitFileName)));
            Assert.Equal(["one"], ModuleCache.Clean(cache, 0).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }

    [Fact]
    public void CleanWritesTheDefaultLimitWhenMissing()
    {
        var cache = Directory.CreateTempSubdirectory("stapper-cache-test-").FullName;
        try
        {
            Assert.Empty(ModuleCache.Clean(cache));
            Assert.Equal("256\n", File.ReadAllText(Path.Combine(cache, ModuleCache.LimitFileName)));
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }

    [Fact]
    public void KbuildArgumentsChangeTheCacheKey()
    {
        var source = new ModuleSource("m", ImmutableSortedDictionary<string, string>.Empty.Add("m.c", "int x;"), "/nonexistent", [], []);
        var options = new BuildOptions("/nonexistent", "6.1.0", "/tmp", false, 0);
        Assert.NotEqual(BuildPass.CacheKey(source, options, "", null), BuildPass.CacheKey(source, options with { KbuildArguments = ["V=1"] }, "", null));
        Assert.Equal(BuildPass.CacheKey(source, options, "", null), BuildPass.CacheKey(source, options with { Cache = CacheUse.Poisoned }, "", null));
    }
}
