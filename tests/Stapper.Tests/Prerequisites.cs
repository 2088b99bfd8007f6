using Stapper.Vm;

namespace Stapper.Tests;

/// <summary>
/// What a test needs from the machine, each as the reason it is skipped when missing (null when present). Tests name
/// their need with <see cref="RequiresFactAttribute"/>, so a missing tool shows as a skip with its reason instead of
/// a pass; `make test` installs these and fails on a skip that tests/skips-allowed.txt does not list.
/// </summary>
public static class Prerequisites
{
    const string Qemu = "/usr/bin/qemu-system-x86_64";

    /// <summary>QEMU and an installed kernel image: a guest can boot.</summary>
    public static string? Vm =>
        !File.Exists(Qemu) ? "qemu-system-x86_64 is not installed (make deps)"
        : InstalledKernels.Default() is null ? "no installed kernel with an image and headers (make deps)"
        : null;

    /// <summary>A guest can boot and a module can be built for its kernel.</summary>
    public static string? VmModule =>
        Vm ?? (File.Exists("/usr/bin/make") ? null : "make is not installed (make deps)");

    /// <summary>QEMU alone (a test that then asserts a kernel is there).</summary>
    public static string? QemuInstalled => File.Exists(Qemu) ? null : "qemu-system-x86_64 is not installed (make deps)";

    /// <summary>A statically linked busybox, the guest's userland.</summary>
    public static string? Busybox =>
        File.Exists("/bin/busybox") || File.Exists("/usr/bin/busybox") ? null : "busybox is not installed (make deps installs busybox-static)";

    /// <summary>The running kernel exposes its BTF (a container's host kernel may not).</summary>
    public static string? SysfsBtf =>
        File.Exists("/sys/kernel/btf/vmlinux") ? null : "the running kernel has no /sys/kernel/btf/vmlinux";

    public static string? KernelBuildTree =>
        Stapper.Tests.Translate.Harness.HaveKernel ? null : "no kernel build tree under /lib/modules/*/build (make deps)";

    public static string? VmlinuxDwarf =>
        Stapper.Tests.DebugInfo.VmlinuxDwarfFixture.VmlinuxPath is null ? Stapper.Tests.DebugInfo.VmlinuxDwarfFixture.SkipReason : null;

    public static string? Of(Need need) => need switch
    {
        Need.Vm => Vm,
        Need.VmModule => VmModule,
        Need.Qemu => QemuInstalled,
        Need.SysfsBtf => SysfsBtf,
        Need.Busybox => Busybox,
        Need.KernelBuildTree => KernelBuildTree,
        Need.VmlinuxDwarf => VmlinuxDwarf,
        _ => throw new ArgumentOutOfRangeException(nameof(need)),
    };
}

public enum Need
{
    Vm,
    VmModule,
    Qemu,
    SysfsBtf,
    Busybox,
    KernelBuildTree,
    VmlinuxDwarf,
}

/// <summary>A fact skipped, with the reason shown, when the machine lacks <see cref="Need"/>.</summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(Need need)
    {
        if (Prerequisites.Of(need) is { } reason)
        {
            Skip = reason;
        }
    }
}
