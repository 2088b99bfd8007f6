namespace Stapper.Vm;

/// <summary>A kernel installed on the host: an image in /boot plus its module tree.</summary>
public sealed record InstalledKernel(string Release, string ImagePath, string ModulesDirectory)
{
    /// <summary>The kbuild tree (/lib/modules/KVER/build), or null when the headers are not installed.</summary>
    public string? BuildDirectory
    {
        get
        {
            var build = Path.Combine(ModulesDirectory, "build");
            return File.Exists(Path.Combine(build, "Makefile")) ? build : null;
        }
    }

    public bool HasHeaders => BuildDirectory is not null;

    /// <summary>The kernel configuration (/boot/config-KVER), or null.</summary>
    public string? ConfigPath
    {
        get
        {
            var dir = Path.GetDirectoryName(ImagePath) ?? "/boot";
            var config = Path.Combine(dir, "config-" + Release);
            return File.Exists(config) ? config : null;
        }
    }
}

/// <summary>Discovers the kernels a virtual machine can boot: /boot/vmlinuz-KVER with /lib/modules/KVER/.</summary>
public static class InstalledKernels
{
    public const string DefaultBootDirectory = "/boot";
    public const string DefaultModulesRoot = "/lib/modules";

    /// <summary>All usable kernels, newest first.</summary>
    public static IReadOnlyList<InstalledKernel> List(string bootDirectory = DefaultBootDirectory, string modulesRoot = DefaultModulesRoot)
    {
        var result = new List<InstalledKernel>();
        if (!Directory.Exists(bootDirectory))
        {
            return result;
        }

        foreach (var image in Directory.EnumerateFiles(bootDirectory, "vmlinuz-*"))
        {
            var release = Path.GetFileName(image)["vmlinuz-".Length..];
            if (release.Length == 0)
            {
                continue;
            }

            var modules = Path.Combine(modulesRoot, release);
            if (Directory.Exists(modules))
            {
                result.Add(new InstalledKernel(release, image, modules));
            }
        }
        result.Sort((a, b) => CompareReleases(b.Release, a.Release));
        return result;
    }

    public const string DefaultDpkgStatus = "/var/lib/dpkg/status";

    /// <summary>The distribution's default kernel when it has headers: the one Debian's metapackage (linux-image-amd64,
    /// else another installed linux-image-FLAVOUR metapackage) depends on, since that is what a machine boots after
    /// `apt-get upgrade`; a newer kernel installed beside it (a backport) is never picked just for being newer. Without
    /// such a kernel: the newest kernel with headers (so that modules can be built for it), else the newest kernel, else null.</summary>
    public static InstalledKernel? Default(string bootDirectory = DefaultBootDirectory, string modulesRoot = DefaultModulesRoot,
        string dpkgStatus = DefaultDpkgStatus)
    {
        var all = List(bootDirectory, modulesRoot);
        foreach (var release in MetapackageReleases(dpkgStatus))
        {
            if (all.FirstOrDefault(k => k.Release == release && k.HasHeaders) is { } chosen)
            {
                return chosen;
            }
        }
        return all.FirstOrDefault(k => k.HasHeaders) ?? all.FirstOrDefault();
    }

    /// <summary>Releases the installed linux-image metapackages depend on (linux-image-amd64 first), from dpkg's status file.</summary>
    public static IReadOnlyList<string> MetapackageReleases(string dpkgStatus = DefaultDpkgStatus)
    {
        if (!File.Exists(dpkgStatus))
        {
            return [];
        }

        var found = new List<(bool Primary, string Release)>();
        foreach (var stanza in File.ReadAllText(dpkgStatus).Split("\n\n"))
        {
            string? Field(string name) => stanza.Split('\n').FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..].Trim();
            var package = Field("Package");
            // A metapackage's name has no release in it (linux-image-amd64, linux-image-rt-amd64); a kernel's starts with one.
            if (package is null || !IsImagePackage(package, withRelease: false)
                || Field("Status")?.EndsWith(" installed", StringComparison.Ordinal) != true || Field("Depends") is not { } depends)
            {
                continue;
            }

            foreach (var dependency in depends.Split(',', StringSplitOptions.TrimEntries))
            {
                var name = dependency.Split([' ', '|', '('], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                if (IsImagePackage(name, withRelease: true))
                {
                    found.Add((package == "linux-image-amd64", name["linux-image-".Length..]));
                }
            }
        }
        return found.OrderByDescending(f => f.Primary).Select(f => f.Release).Distinct().ToList();
    }

    private static bool IsImagePackage(string name, bool withRelease) =>
        name.StartsWith("linux-image-", StringComparison.Ordinal) && name.Length > "linux-image-".Length
        && char.IsAsciiDigit(name["linux-image-".Length]) == withRelease;

    public static InstalledKernel? Find(string release, string bootDirectory = DefaultBootDirectory, string modulesRoot = DefaultModulesRoot)
        => List(bootDirectory, modulesRoot).FirstOrDefault(k => k.Release == release);

    /// <summary>The requested kernel (or the default when <paramref name="release"/> is null or empty).</summary>
    /// <exception cref="VmException">No such kernel is installed.</exception>
    public static InstalledKernel Resolve(string? release, string bootDirectory = DefaultBootDirectory, string modulesRoot = DefaultModulesRoot)
    {
        if (string.IsNullOrEmpty(release))
        {
            return Default(bootDirectory, modulesRoot)
                ?? throw new VmException($"no installed kernel found (need {bootDirectory}/vmlinuz-KVER and {modulesRoot}/KVER/)");
        }
        return Find(release, bootDirectory, modulesRoot)
            ?? throw new VmException($"kernel {release} is not installed (need {bootDirectory}/vmlinuz-{release} and {modulesRoot}/{release}/); installed: "
                + string.Join(", ", List(bootDirectory, modulesRoot).Select(k => k.Release).DefaultIfEmpty("none")));
    }

    /// <summary>Orders kernel releases like version numbers: digit runs numerically, the rest ordinally.</summary>
    public static int CompareReleases(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var na = a[si..i].TrimStart('0');
                var nb = b[sj..j].TrimStart('0');
                if (na.Length != nb.Length)
                {
                    return na.Length.CompareTo(nb.Length);
                }

                var c = string.CompareOrdinal(na, nb);
                if (c != 0)
                {
                    return c;
                }
            }
            else
            {
                if (a[i] != b[j])
                {
                    return a[i].CompareTo(b[j]);
                }

                i++;
                j++;
            }
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }
}

/// <summary>A failure of the virtual machine machinery, with a message fit for the user.</summary>
public sealed class VmException(string message, Exception? inner = null, bool guestNeverStarted = false) : Exception(message, inner)
{
    /// <summary>The guest stopped before its init reached the job: nothing of the command ran, so booting again is safe.</summary>
    public bool GuestNeverStarted { get; } = guestNeverStarted;

    /// <summary>
    /// For a batch: the results of the commands that finished before the guest failed, in order; the command after
    /// them is the one that was running (or never reported), and those after it never ran.
    /// </summary>
    public IReadOnlyList<GuestCommandResult> Completed { get; init; } = [];
}
