using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Stapper.Vm;

/// <summary>
/// Builds (and caches under ~/.cache/stapper/vm/) the guest's initramfs: a static busybox, the kernel's own
/// virtio / 9p / virtio-console modules and an /init that mounts the host root and runs /job/job.sh.
/// </summary>
public static class Initramfs
{
    /// <summary>Modules the guest needs (each only when not built in); dependencies come from modules.dep.</summary>
    static readonly string[] RequiredModules = ["virtio_pci", "9pnet_virtio", "9p", "virtio_console"];
    static readonly string[] OptionalModules = ["overlay"];

    /// <summary>Bumped whenever the layout or /init changes, so stale caches are not reused.</summary>
    const string FormatVersion = "5";

    public const string HostRootTag = "hostroot";
    public const string JobTag = "stapperjob";

    /// <summary>Returns the path of a cached initramfs for <paramref name="kernel"/>, building it if needed.</summary>
    public static string GetOrBuild(InstalledKernel kernel, string? cacheDirectory = null)
    {
        var busybox = FindBusybox();
        var modules = ResolveModules(kernel);
        var key = CacheKey(kernel, busybox, modules);
        var dir = cacheDirectory ?? DefaultCacheDirectory();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"initramfs-{kernel.Release}-{key}.cpio");
        if (File.Exists(path))
        {
            return path;
        }

        var temp = path + "." + Environment.ProcessId + ".tmp";
        try
        {
            using (var output = File.Create(temp))
            {
                Write(output, busybox, modules);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        return path;
    }

    public static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "stapper", "vm");
    }

    static string FindBusybox()
    {
        foreach (var candidate in new[] { "/usr/bin/busybox", "/bin/busybox", "/usr/lib/initramfs-tools/bin/busybox", "/usr/sbin/busybox" })
        {
            if (File.Exists(candidate) && IsStatic(candidate))
            {
                return candidate;
            }
        }
        throw new VmException("no statically linked busybox found (install busybox-static)");
    }

    /// <summary>A static ELF has no PT_INTERP program header.</summary>
    static bool IsStatic(string path)
    {
        try
        {
            var bytes = new byte[4096];
            using var f = File.OpenRead(path);
            int n = f.ReadAtLeast(bytes, 64, throwOnEndOfStream: false);
            if (n < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[4] != 2)
            {
                return false;
            }

            long phoff = BitConverter.ToInt64(bytes, 0x20);
            int phentsize = BitConverter.ToUInt16(bytes, 0x36);
            int phnum = BitConverter.ToUInt16(bytes, 0x38);
            var table = new byte[phentsize * phnum];
            f.Position = phoff;
            f.ReadExactly(table);
            for (int i = 0; i < phnum; i++)
            {
                if (BitConverter.ToUInt32(table, i * phentsize) == 3) // PT_INTERP
                {
                    return false;
                }
            }
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The module files to load, in load order (dependencies first), as absolute host paths.</summary>
    internal static IReadOnlyList<string> ResolveModules(InstalledKernel kernel)
    {
        var dir = kernel.ModulesDirectory;
        var depFile = Path.Combine(dir, "modules.dep");
        var deps = new Dictionary<string, string[]>(StringComparer.Ordinal);   // relative path -> deps
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);   // module name -> relative path
        if (File.Exists(depFile))
        {
            foreach (var line in File.ReadLines(depFile))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                var rel = line[..colon];
                deps[rel] = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                byName.TryAdd(ModuleName(rel), rel);
            }
        }
        var builtin = new HashSet<string>(StringComparer.Ordinal);
        var builtinFile = Path.Combine(dir, "modules.builtin");
        if (File.Exists(builtinFile))
        {
            foreach (var line in File.ReadLines(builtinFile))
            {
                builtin.Add(ModuleName(line.Trim()));
            }
        }

        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string rel)
        {
            if (!seen.Add(rel))
            {
                return;
            }

            foreach (var d in deps.GetValueOrDefault(rel) ?? [])
            {
                Visit(d);
            }

            order.Add(Path.Combine(dir, rel));
        }
        foreach (var name in RequiredModules)
        {
            if (builtin.Contains(name))
            {
                continue;
            }

            if (!byName.TryGetValue(name, out var rel))
            {
                throw new VmException($"kernel {kernel.Release} has neither a built-in nor a loadable {name} module (needed to run a virtual machine)");
            }

            Visit(rel);
        }
        foreach (var name in OptionalModules)
        {
            if (!builtin.Contains(name) && byName.TryGetValue(name, out var rel))
            {
                Visit(rel);
            }
        }
        foreach (var path in order)
        {
            if (!File.Exists(path))
            {
                throw new VmException($"module file {path} is missing");
            }
        }
        return order;
    }

    /// <summary>"kernel/net/9p/9pnet_virtio.ko.xz" → "9pnet_virtio" (dashes normalised to underscores).</summary>
    internal static string ModuleName(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        var ko = name.IndexOf(".ko", StringComparison.Ordinal);
        if (ko >= 0)
        {
            name = name[..ko];
        }

        return name.Replace('-', '_');
    }

    static string CacheKey(InstalledKernel kernel, string busybox, IReadOnlyList<string> modules)
    {
        var sb = new StringBuilder();
        sb.Append(FormatVersion).Append('\n').Append(kernel.Release).Append('\n').Append(InitScript).Append('\n');
        foreach (var f in modules.Prepend(busybox))
        {
            var info = new FileInfo(f);
            sb.Append(f).Append(' ').Append(info.Length).Append(' ').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexString(Sha256.Hash(Encoding.UTF8.GetBytes(sb.ToString())))[..16].ToLowerInvariant();
    }

    static void Write(Stream output, string busybox, IReadOnlyList<string> modules)
    {
        var cpio = new CpioWriter(output);
        foreach (var d in new[] { "bin", "dev", "proc", "sys", "host", "job", "lib", "lib/stapper", "run" })
        {
            cpio.Directory(d);
        }

        cpio.File("bin/busybox", File.ReadAllBytes(busybox), 0x1ed);
        cpio.Symlink("bin/sh", "busybox");
        var order = new StringBuilder();
        foreach (var m in modules)
        {
            var name = ModuleName(m) + ".ko";
            cpio.File("lib/stapper/" + name, ReadModule(m), 0x1a4);
            order.Append(name).Append('\n');
        }
        cpio.File("lib/stapper/modules.order", Encoding.ASCII.GetBytes(order.ToString()), 0x1a4);
        cpio.File("init", Encoding.ASCII.GetBytes(InitScript), 0x1ed);
        cpio.Trailer();
    }

    /// <summary>Reads a module file, decompressing .ko.gz / .ko.xz / .ko.zst.</summary>
    static byte[] ReadModule(string path)
    {
        if (path.EndsWith(".ko", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(path);
        }

        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            return ms.ToArray();
        }
        var tool = path.EndsWith(".xz", StringComparison.Ordinal) ? "xz" : path.EndsWith(".zst", StringComparison.Ordinal) ? "zstd" : null;
        if (tool is null)
        {
            throw new VmException($"unknown module file format: {path}");
        }

        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-dc");
        psi.ArgumentList.Add(path);
        try
        {
            using var p = Process.Start(psi)!;
            using var ms = new MemoryStream();
            var errTask = p.StandardError.ReadToEndAsync();
            p.StandardOutput.BaseStream.CopyTo(ms);
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new VmException($"{tool} could not decompress {path}: {errTask.Result.Trim()}");
            }

            return ms.ToArray();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new VmException($"{tool} is needed to decompress {path}", e);
        }
    }

    /// <summary>
    /// The guest's /init. It prepares a chroot of the host root (read-only 9p) with its own /proc, /sys, /dev,
    /// /dev/shm and a writable /tmp (an overlay over the host's /tmp when overlayfs is available, else an empty
    /// tmpfs; the job share appears in it as /tmp/.stapper-job), then sources /job/job.sh from the writable per-run share and powers off.
    /// </summary>
    internal const string InitScript = """
        #!/bin/busybox sh
        /bin/busybox --install -s /bin
        export PATH=/bin
        mount -t proc proc /proc
        mount -t sysfs sysfs /sys
        mount -t devtmpfs devtmpfs /dev
        echo 1 > /proc/sys/vm/overcommit_memory
        for m in $(cat /lib/stapper/modules.order); do insmod /lib/stapper/$m 2>/dev/null; done
        fail() { echo "stapper-vm: $*" > /dev/console; poweroff -f; }
        mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 stapperjob /job || fail "cannot mount the job share"
        mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /host || fail "cannot mount the host root"
        mount -t proc proc /host/proc
        mount -t sysfs sysfs /host/sys
        mount -t devtmpfs devtmpfs /host/dev
        mount -t tmpfs tmpfs /host/dev/shm 2>/dev/null
        mount -t tmpfs tmpfs /run
        mkdir -p /run/tmp/upper /run/tmp/work
        mount -t overlay overlay -o lowerdir=/host/tmp,upperdir=/run/tmp/upper,workdir=/run/tmp/work /host/tmp 2>/dev/null || mount -t tmpfs tmpfs /host/tmp
        mkdir -p /host/tmp/.stapper-job && mount --bind /job /host/tmp/.stapper-job
        [ -d /host/sys/kernel/debug ] && mount -t debugfs debugfs /host/sys/kernel/debug 2>/dev/null
        [ -d /host/sys/kernel/tracing ] && mount -t tracefs tracefs /host/sys/kernel/tracing 2>/dev/null
        hostname stapper-vm
        [ -f /job/job.sh ] && . /job/job.sh
        sync
        poweroff -f

        """;
}

/// <summary>Writes a cpio archive in the "newc" format the kernel unpacks into its rootfs.</summary>
sealed class CpioWriter(Stream output)
{
    int _inode = 1;

    public void Directory(string name) => Entry(name, 0x41ed, [], 2);
    public void File(string name, byte[] data, int permissions) => Entry(name, 0x8000 | permissions, data, 1);
    public void Symlink(string name, string target) => Entry(name, 0xa1ff, Encoding.ASCII.GetBytes(target), 1);
    public void Trailer() => Entry("TRAILER!!!", 0, [], 1, inode: 0);

    void Entry(string name, int mode, byte[] data, int links, int? inode = null)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        var header = new StringBuilder("070701");
        foreach (var field in new long[] { inode ?? _inode++, mode, 0, 0, links, 0, data.Length, 0, 0, 0, 0, nameBytes.Length + 1, 0 })
        {
            header.Append(field.ToString("x8"));
        }

        var h = Encoding.ASCII.GetBytes(header.ToString());
        output.Write(h);
        output.Write(nameBytes);
        output.WriteByte(0);
        Pad(h.Length + nameBytes.Length + 1);
        output.Write(data);
        Pad(data.Length);
    }

    void Pad(int length)
    {
        for (int i = length; i % 4 != 0; i++)
        {
            output.WriteByte(0);
        }
    }
}
