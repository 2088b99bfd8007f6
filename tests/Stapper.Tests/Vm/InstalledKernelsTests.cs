using Stapper.Vm;

namespace Stapper.Tests.Vm;

public class InstalledKernelsTests
{
    [Theory]
    [InlineData("6.1.0-56-amd64", "6.1.0-9-amd64", 1)]
    [InlineData("6.10.0-1-amd64", "6.9.12-1-amd64", 1)]
    [InlineData("5.15.0", "5.15.0", 0)]
    [InlineData("5.15.0", "5.15.0-1", -1)]
    public void ReleasesCompareLikeVersions(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(InstalledKernels.CompareReleases(a, b)));

    [Fact]
    public void ListsKernelsWithImageAndModulesNewestWithHeadersFirst()
    {
        var root = Directory.CreateTempSubdirectory("stapper-kernels-").FullName;
        var boot = Directory.CreateDirectory(Path.Combine(root, "boot")).FullName;
        var modules = Directory.CreateDirectory(Path.Combine(root, "modules")).FullName;
        foreach (var k in new[] { "6.1.0-9-amd64", "6.1.0-56-amd64", "6.12.0-1-amd64" })
        {
            File.WriteAllText(Path.Combine(boot, "vmlinuz-" + k), "");
        }

        Directory.CreateDirectory(Path.Combine(modules, "6.1.0-9-amd64", "build"));
        File.WriteAllText(Path.Combine(modules, "6.1.0-9-amd64", "build", "Makefile"), "");
        Directory.CreateDirectory(Path.Combine(modules, "6.1.0-56-amd64"));
        Directory.CreateDirectory(Path.Combine(modules, "7.0.0-no-image"));   // modules without an image: not usable

        var all = InstalledKernels.List(boot, modules);
        Assert.Equal(["6.1.0-56-amd64", "6.1.0-9-amd64"], all.Select(k => k.Release));
        Assert.Equal("6.1.0-9-amd64", InstalledKernels.Default(boot, modules)!.Release);
        Assert.Equal("6.1.0-56-amd64", InstalledKernels.Resolve("6.1.0-56-amd64", boot, modules).Release);
        var e = Assert.Throws<VmException>(() => InstalledKernels.Resolve("6.12.0-1-amd64", boot, modules));
        Assert.Contains("installed: 6.1.0-56-amd64, 6.1.0-9-amd64", e.Message);
        Directory.Delete(root, recursive: true);
    }

    [RequiresFact(Need.Qemu)]
    public void ThisHostHasABootableKernelWhenQemuIsInstalled()
    {
        var k = InstalledKernels.Default();
        Assert.NotNull(k);
        Assert.True(File.Exists(k.ImagePath));
    }
}
