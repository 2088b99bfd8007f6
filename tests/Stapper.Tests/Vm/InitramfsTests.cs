using System.Diagnostics;
using Stapper.Vm;

namespace Stapper.Tests.Vm;

/// <summary>The guest's initramfs from a fake kernel's modules: which modules, in what order, and the archive's exact listing.</summary>
public sealed class InitramfsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stapper-initramfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A kernel whose modules.dep names the given modules (path: dependencies); each .ko holds its own name.</summary>
    private InstalledKernel Kernel(string dep, string builtin = "")
    {
        var modules = Directory.CreateDirectory(Path.Combine(_root, "modules")).FullName;
        File.WriteAllText(Path.Combine(modules, "modules.dep"), dep);
        File.WriteAllText(Path.Combine(modules, "modules.builtin"), builtin);
        foreach (var line in dep.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var file = Path.Combine(modules, line[..line.IndexOf(':')]);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, Initramfs.ModuleName(file));
        }
        return new InstalledKernel("1.0-test", Path.Combine(_root, "vmlinuz"), modules);
    }

    private const string Dep = """
        kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko
        kernel/drivers/virtio/virtio_pci_modern_dev.ko:
        kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko
        kernel/net/9p/9pnet.ko:
        kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/netfs/netfs.ko
        kernel/fs/netfs/netfs.ko:
        kernel/drivers/char/virtio_console.ko:
        kernel/fs/overlayfs/overlay.ko:
        kernel/fs/ext4/ext4.ko:

        """;

    [Theory]
    [InlineData("kernel/net/9p/9pnet_virtio.ko.xz", "9pnet_virtio")]
    [InlineData("kernel/drivers/virtio/virtio-pci.ko", "virtio_pci")]
    [InlineData("virtio_console.ko.zst", "virtio_console")]
    public void ModuleNameIsTheFileNameUpToKoWithUnderscores(string path, string name) =>
        Assert.Equal(name, Initramfs.ModuleName(path));

    [Fact]
    public void ModulesComeDependenciesFirstEachOnceOverlayIfPresent()
    {
        var kernel = Kernel(Dep);
        var order = Initramfs.ResolveModules(kernel).Select(p => Path.GetRelativePath(kernel.ModulesDirectory, p));
        Assert.Equal(
        [
            "kernel/drivers/virtio/virtio_pci_modern_dev.ko", "kernel/drivers/virtio/virtio_pci.ko",
            "kernel/net/9p/9pnet.ko", "kernel/net/9p/9pnet_virtio.ko",
            "kernel/fs/netfs/netfs.ko", "kernel/fs/9p/9p.ko",
            "kernel/drivers/char/virtio_console.ko", "kernel/fs/overlayfs/overlay.ko",
        ], order);
    }

    [Fact]
    public void BuiltInModulesAreNotLoaded()
    {
        var kernel = Kernel(Dep, "kernel/drivers/virtio/virtio_pci.ko\nkernel/fs/9p/9p.ko\nkernel/fs/overlayfs/overlay.ko\n");
        var order = Initramfs.ResolveModules(kernel).Select(Path.GetFileName);
        Assert.Equal(["9pnet.ko", "9pnet_virtio.ko", "virtio_console.ko"], order);
    }

    [Fact]
    public void AMissingRequiredModuleIsAnError()
    {
        var kernel = Kernel(Dep.Replace("kernel/drivers/char/virtio_console.ko:\n", ""));
        var e = Assert.Throws<VmException>(() => Initramfs.ResolveModules(kernel));
        Assert.Equal("kernel 1.0-test has neither a built-in nor a loadable virtio_console module (needed to run a virtual machine)", e.Message);
    }

    [RequiresFact(Need.Busybox)]
    public void TheArchiveHoldsBusyboxTheModulesInOrderAndInitAndIsCached()
    {
        var kernel = Kernel(Dep);
        var cache = Path.Combine(_root, "cache");
        var path = Initramfs.GetOrBuild(kernel, cache);
        var psi = new ProcessStartInfo("cpio", ["-it", "--quiet", "-F", path]) { RedirectStandardOutput = true };
        using var cpio = Process.Start(psi)!;
        var listing = cpio.StandardOutput.ReadToEnd();
        cpio.WaitForExit();
        Assert.Equal(0, cpio.ExitCode);
        Assert.Equal("""
            bin
            dev
            proc
            sys
            host
            job
            lib
            lib/stapper
            run
            bin/busybox
            bin/sh
            lib/stapper/virtio_pci_modern_dev.ko
            lib/stapper/virtio_pci.ko
            lib/stapper/9pnet.ko
            lib/stapper/9pnet_virtio.ko
            lib/stapper/netfs.ko
            lib/stapper/9p.ko
            lib/stapper/virtio_console.ko
            lib/stapper/overlay.ko
            lib/stapper/modules.order
            init

            """, listing);
        var written = File.GetLastWriteTimeUtc(path);
        Assert.Equal(path, Initramfs.GetOrBuild(kernel, cache));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFiles(cache));
    }
}
