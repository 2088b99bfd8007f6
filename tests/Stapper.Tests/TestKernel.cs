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

    /// <summary>The newest installed kernel with headers of a release series ("6.1", "6.12"): for tests of what
    /// differs between series, so a point release Debian moves to is picked up without editing the test.</summary>
    public static InstalledKernel? OfSeries(string series) => InstalledKernels.List()
        .Where(k => k.HasHeaders && SeriesOf(k.Release) == series)
        .OrderByDescending(k => k.Release, Comparer<string>.Create(InstalledKernels.CompareReleases))
        .FirstOrDefault();

    /// <summary>The kernel recorded data was taken on when installed, else the newest of its series (a later point
    /// release of a stable series keeps the signatures and layouts such data holds).</summary>
    public static InstalledKernel? RecordedOn(string release) =>
        InstalledKernels.Find(release) is { HasHeaders: true } k ? k : OfSeries(SeriesOf(release));

    public static string SeriesOf(string release) => string.Join('.', release.Split('.', '-', '+').Take(2));
}
