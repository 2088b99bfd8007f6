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

    /// <summary>Whether RELEASE's -dbg vmlinux is installed: Stapper then names DWARF functions as stap does (<c>f@FILE:LINE</c>).</summary>
    public static bool HasDwarf(string release) => VmlinuxDwarfPath(release) is not null;

    /// <summary>Where Debian's -dbg package puts RELEASE's vmlinux with DWARF, or null when it is not installed.</summary>
    public static string? VmlinuxDwarfPath(string release) =>
        new[] { $"/usr/lib/debug/boot/vmlinux-{release}", $"/usr/lib/debug/lib/modules/{release}/vmlinux" }.FirstOrDefault(File.Exists);

    /// <summary>A function's name in a probe point as Stapper gives it on RELEASE, as a pattern: with the -dbg package,
    /// stap's <c>f@FILE:LINE</c> (the line left open: it moves between releases), else BTF's <c>f</c>.</summary>
    public static string FunctionNamePattern(string release, string function, string file) =>
        System.Text.RegularExpressions.Regex.Escape(function) + (HasDwarf(release) ? "@" + System.Text.RegularExpressions.Regex.Escape(file) + ":\\d+" : "");

    /// <summary>stap's <c>pc=</c> comment after a DWARF site in the -p2 listing, as a pattern: there with the -dbg package.</summary>
    public static string ListedPcPattern(string release) => HasDwarf(release) ? @" /\* pc=[^*]+ \*/" : "";

    public static string SeriesOf(string release) => string.Join('.', release.Split('.', '-', '+').Take(2));
}
