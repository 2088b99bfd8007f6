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

    /// <summary>The newest kernel with headers (so that modules can be built for it), else the newest kernel, else null.</summary>
    public static InstalledKernel? Default(string bootDirectory = DefaultBootDirectory, string modulesRoot = DefaultModulesRoot)
    {
        var all = List(bootDirectory, modulesRoot);
        return all.FirstOrDefault(k => k.HasHeaders) ?? all.FirstOrDefault();
    }

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
}
