using Stapper.Vm;

namespace Stapper.Tests;

/// <summary>The kernel the tests build for and read: STAPPER_KERNEL=KVER when set (to run the unit tests or the kernel
/// suite against another installed kernel, as `make matrix` does), else the host's default kernel
/// (<see cref="InstalledKernels.Default"/>, the one Debian's linux-image-amd64 depends on), never just the newest.</summary>
public static class TestKernel
{
    public const string Variable = "STAPPER_KERNEL";

    public static InstalledKernel? Find()
    {
        var wanted = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(wanted) ? InstalledKernels.Default() : InstalledKernels.Resolve(wanted.Trim());
    }
}
