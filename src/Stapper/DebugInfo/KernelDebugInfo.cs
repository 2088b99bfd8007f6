using System.Globalization;
using Stapper.DebugInfo.Btf;
using Stapper.DebugInfo.Elf;
using Stapper.Matching;

namespace Stapper.DebugInfo;

/// <summary>
/// Everything pass 2 asks about one kernel release: kernel functions (kernel.function("vfs_*")), their
/// prototypes, struct layouts, and the same for modules (module("ext4").function(...)), from BTF.
/// vmlinux BTF comes from /sys/kernel/btf/vmlinux for the running kernel, an uncompressed vmlinux if one
/// is installed, or /boot/vmlinuz-KVER (decompressed once, the .BTF cached under ~/.cache/stapper/btf/).
/// </summary>
public sealed class KernelDebugInfo : IDisposable
{
    private readonly Dictionary<string, ModuleDebugInfo> _modules = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _modulePaths;
    private readonly string _modulesDir;
    private readonly bool _running;

    private KernelDebugInfo(string release, ModuleDebugInfo kernel, string modulesDir, bool running)
    {
        Release = release;
        Kernel = kernel;
        _modulesDir = modulesDir;
        _running = running;
    }

    public string Release { get; }
    /// <summary>vmlinux's debug info.</summary>
    public ModuleDebugInfo Kernel { get; }
    public BtfFile VmlinuxBtf => Kernel.Btf;

    /// <summary>Release of the running kernel (uname -r).</summary>
    public static string RunningRelease()
    {
        try { return File.ReadAllText("/proc/sys/kernel/osrelease").Trim(); }
        catch (IOException) { return Environment.OSVersion.Version.ToString(); }
    }

    /// <summary>Releases with a /boot/vmlinuz-KVER, newest file first.</summary>
    public static IReadOnlyList<string> InstalledReleases(string bootDir = "/boot")
    {
        if (!Directory.Exists(bootDir))
        {
            return [];
        }

        return Directory.GetFiles(bootDir, "vmlinuz-*")
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .Select(p => Path.GetFileName(p)["vmlinuz-".Length..])
            .ToList();
    }

    /// <summary>Opens the debug info of kernel <paramref name="kernelRelease"/> (e.g. "6.1.0-18-amd64").</summary>
    /// <exception cref="DebugInfoNotFoundException">No BTF for that release.</exception>
    /// <exception cref="DebugInfoFormatException">The image or BTF is malformed.</exception>
    public static KernelDebugInfo Open(string kernelRelease, KernelDebugInfoOptions? options = null)
    {
        options ??= new KernelDebugInfoOptions();
        bool running = kernelRelease == RunningRelease();
        var btf = OpenVmlinuxBtf(kernelRelease, running, options);
        var kernel = new ModuleDebugInfo("kernel", btf, null, btf.Name);
        return new KernelDebugInfo(kernelRelease, kernel, Path.Combine(options.ModulesRoot, kernelRelease), running);
    }

    private static BtfFile OpenVmlinuxBtf(string release, bool running, KernelDebugInfoOptions o)
    {
        if (running && o.UseSysfs && File.Exists("/sys/kernel/btf/vmlinux"))
        {
            try { return BtfFile.Open("/sys/kernel/btf/vmlinux"); }
            catch (UnauthorizedAccessException) { }
            catch (IOException) { }
        }
        string[] vmlinuxCandidates =
        [
            $"/usr/lib/debug/boot/vmlinux-{release}",
            $"/usr/lib/debug/lib/modules/{release}/vmlinux",
            Path.Combine(o.ModulesRoot, release, "build", "vmlinux"),
            Path.Combine(o.BootDir, $"vmlinux-{release}"),
        ];
        foreach (var p in vmlinuxCandidates)
        {
            if (!File.Exists(p))
            {
                continue;
            }

            var elf = ElfFile.Open(p);
            if (elf.Section(".BTF") is null) { elf.Dispose(); continue; }
            return BtfFile.FromElf(elf, null, ownsElf: true);
        }
        var vmlinuz = Path.Combine(o.BootDir, $"vmlinuz-{release}");
        if (!File.Exists(vmlinuz))
        {
            throw new DebugInfoNotFoundException($"no BTF for kernel {release}: none of /sys/kernel/btf/vmlinux (running kernel), {string.Join(", ", vmlinuxCandidates)}, {vmlinuz} exists");
        }

        var cached = CachedVmlinuzBtf(release, vmlinuz, o.CacheDir);
        return BtfFile.Open(cached);
    }

    /// <summary>Path of the cached .BTF of <paramref name="vmlinuz"/>, extracting it if the cache is missing or stale
    /// (keyed by the image's size and mtime).</summary>
    public static string CachedVmlinuzBtf(string release, string vmlinuz, string? cacheDir = null)
    {
        cacheDir ??= KernelDebugInfoOptions.DefaultCacheDir();
        var info = new FileInfo(vmlinuz);
        string key = string.Create(CultureInfo.InvariantCulture, $"{info.Length} {info.LastWriteTimeUtc.Ticks} {vmlinuz}");
        string btfPath = Path.Combine(cacheDir, release + ".btf");
        string keyPath = btfPath + ".key";
        try
        {
            if (File.Exists(btfPath) && File.Exists(keyPath) && File.ReadAllText(keyPath) == key)
            {
                return btfPath;
            }
        }
        catch (IOException) { }
        var vmlinux = KernelImage.ExtractVmlinux(vmlinuz);
        var btf = KernelImage.BtfOfVmlinux(vmlinux, vmlinuz);
        _ = new BtfFile(vmlinuz + "(.BTF)", btf); // validate before caching
        Directory.CreateDirectory(cacheDir);
        string tmp = btfPath + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllBytes(tmp, btf);
        File.Move(tmp, btfPath, overwrite: true);
        File.WriteAllText(keyPath, key);
        return btfPath;
    }

    // ---- kernel (vmlinux) queries ----

    public bool HasFunction(string name) => Kernel.HasFunction(name);
    public IEnumerable<string> FunctionsMatching(string glob) => Kernel.FunctionsMatching(glob);
    public FunctionInfo? Function(string name) => Kernel.Function(name);
    public TypeInfo? Struct(string name) => Kernel.Struct(name);
    public TypeInfo? Union(string name) => Kernel.Union(name);
    public TypeInfo? Enum(string name) => Kernel.Enum(name);
    public TypeInfo? Typedef(string name) => Kernel.Typedef(name);
    public TypeInfo? Type(string cName) => Kernel.Type(cName);

    // ---- DWARF (linux-image-*-dbg) ----

    /// <summary>Where vmlinux with DWARF is looked for (Debian's -dbg package, a build tree, /boot).</summary>
    public IEnumerable<string> VmlinuxDwarfCandidates() =>
    [
        $"/usr/lib/debug/boot/vmlinux-{Release}",
        $"/usr/lib/debug/lib/modules/{Release}/vmlinux",
        Path.Combine(Path.GetDirectoryName(_modulesDir) ?? "/lib/modules", Release, "build", "vmlinux"),
        $"/boot/vmlinux-{Release}",
    ];

    /// <summary>vmlinux's DWARF when a debug vmlinux is installed, else null (BTF still answers
    /// functions, prototypes and struct layouts; DWARF adds lines, locals and parameter locations).</summary>
    public Dwarf.DwarfFile? VmlinuxDwarf()
    {
        foreach (var p in VmlinuxDwarfCandidates())
        {
            if (!File.Exists(p))
            {
                continue;
            }

            var elf = ElfFile.Open(p);
            if (elf.Section(".debug_info") is null && elf.Section(".zdebug_info") is null) { elf.Dispose(); continue; }
            return Dwarf.DwarfFile.FromElf(elf, ownsElf: true);
        }
        return null;
    }

    /// <summary>A module's DWARF from /usr/lib/debug/lib/modules/KVER/... (or the module itself if unstripped), else null.
    /// Debug sections of .ko files are relocated on read.</summary>
    public Dwarf.DwarfFile? ModuleDwarf(string name)
    {
        var path = ModulePath(name);
        if (path is null)
        {
            return null;
        }

        var rel = Path.GetRelativePath(Path.GetDirectoryName(_modulesDir)!, path);
        // The -dbg package ships NAME.ko where the kernel installs NAME.ko.xz (6.12) or .zst/.gz.
        var plain = rel[..(rel.LastIndexOf(".ko", StringComparison.Ordinal) + 3)];
        foreach (var p in new[] { Path.Combine("/usr/lib/debug/lib/modules", plain), path })
        {
            if (!File.Exists(p))
            {
                continue;
            }

            var elf = ElfFile.Open(p);
            if (elf.Section(".debug_info") is null && elf.Section(".zdebug_info") is null) { elf.Dispose(); continue; }
            return Dwarf.DwarfFile.FromElf(elf, ownsElf: true);
        }
        return null;
    }

    // ---- modules ----

    /// <summary>Names of the release's modules (from /lib/modules/KVER, '-' spelled '_'), sorted.</summary>
    public IReadOnlyList<string> ModuleNames() => ModulePaths().Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Path of module <paramref name="name"/>'s .ko (possibly .ko.xz/.zst/.gz), or null.</summary>
    public string? ModulePath(string name) => ModulePaths().GetValueOrDefault(NormalizeModuleName(name));

    public bool HasModule(string name) => ModulePath(name) is not null;

    /// <summary>Module names matching <paramref name="glob"/> (module("nf_*")), sorted.</summary>
    public IEnumerable<string> ModulesMatching(string glob)
    {
        var g = NormalizeModuleName(glob);
        return ModuleNames().Where(n => Glob.Match(g, n));
    }

    /// <summary>Module <paramref name="name"/>'s BTF over vmlinux's; null if there is no such module.</summary>
    /// <exception cref="DebugInfoNotFoundException">The module has no .BTF.</exception>
    public ModuleDebugInfo? Module(string name)
    {
        name = NormalizeModuleName(name);
        if (name == "kernel")
        {
            return Kernel;
        }

        lock (_modules)
        {
            if (_modules.TryGetValue(name, out var m))
            {
                return m;
            }

            BtfFile? btf = null;
            string sys = "/sys/kernel/btf/" + name;
            if (_running && File.Exists(sys))
            {
                try { btf = BtfFile.Open(sys, VmlinuxBtf); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            if (btf is null)
            {
                var path = ModulePath(name);
                if (path is null)
                {
                    return null;
                }

                var elf = ElfFile.Open(path);
                if (elf.Section(".BTF") is null)
                {
                    elf.Dispose();
                    throw new DebugInfoNotFoundException($"module {name} ({path}) has no .BTF section");
                }
                btf = BtfFile.FromElf(elf, VmlinuxBtf, ownsElf: true);
            }
            m = new ModuleDebugInfo(name, btf, Kernel.Types, btf.Name);
            _modules[name] = m;
            return m;
        }
    }

    public static string NormalizeModuleName(string name) => name.Replace('-', '_');

    private readonly object _pathsLock = new();

    private Dictionary<string, string> ModulePaths()
    {
        lock (_pathsLock)
        {
            return _modulePaths ??= ScanModules();
        }
    }

    private Dictionary<string, string> ScanModules()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(_modulesDir))
        {
            var opts = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
            foreach (var sub in new[] { "updates", "extra", "kernel" })
            {
                var dir = Path.Combine(_modulesDir, sub);
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                foreach (var f in Directory.EnumerateFiles(dir, "*.ko*", opts))
                {
                    var fn = Path.GetFileName(f);
                    int ko = fn.IndexOf(".ko", StringComparison.Ordinal);
                    var rest = fn[(ko + 3)..];
                    if (rest is not ("" or ".xz" or ".zst" or ".gz"))
                    {
                        continue;
                    }

                    map.TryAdd(NormalizeModuleName(fn[..ko]), f);
                }
            }
        }
        return map;
    }

    public void Dispose()
    {
        lock (_modules)
        {
            foreach (var m in _modules.Values)
            {
                m.Dispose();
            }

            _modules.Clear();
        }
        Kernel.Dispose();
    }
}

/// <summary>Where <see cref="KernelDebugInfo"/> looks (overridable for tests).</summary>
public sealed record KernelDebugInfoOptions
{
    public string BootDir { get; init; } = "/boot";
    public string ModulesRoot { get; init; } = "/lib/modules";
    public string CacheDir { get; init; } = DefaultCacheDir();
    /// <summary>Use /sys/kernel/btf/* when the release is the running kernel's.</summary>
    public bool UseSysfs { get; init; } = true;

    public static string DefaultCacheDir()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "stapper", "btf");
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        if (string.IsNullOrEmpty(home))
        {
            home = Path.GetTempPath();
        }

        return Path.Combine(home, ".cache", "stapper", "btf");
    }
}
