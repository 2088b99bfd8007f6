using Stapper.Cli;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Cli;

/// <summary>--prep: what a kernel needs, by Debian package, and its exit status.</summary>
public class PrepTests
{
    [Fact]
    public void AMissingKernelNamesItsPackagesAndFails()
    {
        var stdout = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["--prep", "-r", "9.9.9-nosuch"], stdout, new StringWriter()));
        var text = stdout.ToString();
        Assert.StartsWith("kernel 9.9.9-nosuch:\n  kernel image  MISSING  /boot/vmlinuz-9.9.9-nosuch  [linux-image-9.9.9-nosuch; for --vm, and BTF]\n", text);
        Assert.Contains("  headers       MISSING  /lib/modules/9.9.9-nosuch/build  [linux-headers-9.9.9-nosuch; for pass 4 (kbuild)]\n", text);
        Assert.Contains("  debuginfo     missing  /usr/lib/debug/boot/vmlinux-9.9.9-nosuch  [linux-image-9.9.9-nosuch-dbg;", text);
        Assert.EndsWith("to install what is missing: stapper --prep=install -r 9.9.9-nosuch   (apt-get install linux-image-9.9.9-nosuch " +
            "linux-headers-9.9.9-nosuch linux-image-9.9.9-nosuch-dbg)\n", text.Replace("qemu-system-x86 ", "").Replace("busybox-static ", "").Replace(" qemu-system-x86", "").Replace(" busybox-static", ""));
    }

    [Fact]
    public void BtfIsCheckedOnlyWhenTheImageExists()
    {
        var asked = false;
        var requirements = Prep.Check("9.9.9-nosuch", () => asked = true);
        Assert.False(asked);
        Assert.False(requirements.Single(r => r.What == "BTF").Present);
    }

    [SkippableKernelFact]
    public void TheInstalledKernelIsReady()
    {
        var release = TestKernel.Find()!.Release;
        var stdout = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["--prep", "-r", release], stdout, new StringWriter()));
        Assert.Contains($"  BTF           present  /boot/vmlinuz-{release} (.BTF)", stdout.ToString());
        Assert.Contains($"  headers       present  /lib/modules/{release}/build", stdout.ToString());
    }

    /// <summary>--vm without a release checks the kernel --vm boots, not the running one.</summary>
    [SkippableKernelFact]
    public void VmWithoutReleaseChecksTheGuestsKernel()
    {
        var stdout = new StringWriter();
        Driver.RunCore(["--prep", "--vm"], stdout, new StringWriter());
        Assert.StartsWith($"kernel {Stapper.Vm.InstalledKernels.Default()!.Release}:\n", stdout.ToString());
    }

    [Fact]
    public void BadPrepValue()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["--prep=now"], new StringWriter(), stderr));
        Assert.Equal("Invalid argument 'now' for --prep.\n", stderr.ToString());
    }
}
