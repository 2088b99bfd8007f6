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

    [Fact]
    public void DefaultIsTheKernelDebiansMetapackageDependsOnNotTheNewest()
    {
        var root = Directory.CreateTempSubdirectory("stapper-kernels-").FullName;
        var boot = Directory.CreateDirectory(Path.Combine(root, "boot")).FullName;
        var modules = Directory.CreateDirectory(Path.Combine(root, "modules")).FullName;
        foreach (var k in new[] { "6.1.0-57-amd64", "6.12.118+deb12-amd64", "6.12.118+deb12-rt-amd64" })
        {
            File.WriteAllText(Path.Combine(boot, "vmlinuz-" + k), "");
            Directory.CreateDirectory(Path.Combine(modules, k, "build"));
            File.WriteAllText(Path.Combine(modules, k, "build", "Makefile"), "");
        }
        var status = Path.Combine(root, "status");
        File.WriteAllText(status, """
            Package: linux-image-rt-amd64
            Status: install ok installed
            Depends: linux-image-6.12.118+deb12-rt-amd64 (= 6.12.118-1~deb12u1)

            Package: linux-image-amd64
            Status: install ok installed
            Depends: linux-image-6.1.0-57-amd64 (= 6.1.192-3)

            Package: linux-image-6.12.118+deb12-amd64
            Status: install ok installed
            Depends: kmod, linux-base (>= 4.3~)

            Package: linux-image-cloud-amd64
            Status: deinstall ok config-files
            Depends: linux-image-6.1.0-9-cloud-amd64

            """.Replace("\r", "", StringComparison.Ordinal));

        Assert.Equal(["6.1.0-57-amd64", "6.12.118+deb12-rt-amd64"], InstalledKernels.MetapackageReleases(status));
        Assert.Equal("6.1.0-57-amd64", InstalledKernels.Default(boot, modules, status)!.Release);
        // Without headers for the metapackage's kernel, or without dpkg: the next candidate, then the newest with headers.
        File.Delete(Path.Combine(modules, "6.1.0-57-amd64", "build", "Makefile"));
        Assert.Equal("6.12.118+deb12-rt-amd64", InstalledKernels.Default(boot, modules, status)!.Release);
        Assert.Equal("6.12.118+deb12-rt-amd64", InstalledKernels.Default(boot, modules, Path.Combine(root, "none"))!.Release);
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
