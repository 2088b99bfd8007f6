using System.Diagnostics;
using System.Text.RegularExpressions;
using Stapper.DebugInfo;
using Stapper.Vm;

namespace Stapper.Tests.DebugInfo;

/// <summary>Runs the reference tools (bpftool, pahole, pfunct, readelf, eu-readelf, gcc) and finds the installed kernel.</summary>
internal static class Oracle
{
    public static string Run(string tool, params string[] args) => RunIn(null, tool, args);

    /// <summary>Like <see cref="Run"/> but returns stdout whatever the exit code (eu-readelf exits 1 on warnings).</summary>
    public static string RunLenient(string tool, params string[] args) => RunIn(null, tool, args, lenient: true);

    public static string RunIn(string? dir, string tool, params string[] args) => RunIn(dir, tool, args, lenient: false);

    private static string RunIn(string? dir, string tool, string[] args, bool lenient)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dir is not null)
        {
            psi.WorkingDirectory = dir;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {tool}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"oracle '{tool}' is not installed ({e.Message}); `make test` installs it (apt-get install -y dwarves bpftool elfutils binutils gcc)", e);
        }
        var errTask = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string err = errTask.Result;
        if (p.ExitCode != 0 && !lenient)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {err}");
        }

        return output;
    }

    /// <summary>The host's default kernel (<see cref="TestKernel"/>: STAPPER_KERNEL, else the one Debian's linux-image-amd64
    /// depends on), so the tests read one deliberate kernel, not whichever is newest; its modules may be compressed
    /// (6.12's are .ko.xz), so tools that need a plain ELF get <see cref="PlainElf"/>. Fails (does not skip) when none
    /// is installed: `make test` installs one.</summary>
    public static string KernelRelease()
    {
        var kernel = TestKernel.Find();
        Assert.True(kernel is not null && Directory.Exists(Path.Combine(kernel.ModulesDirectory, "kernel")),
            "no kernel installed: need /boot/vmlinuz-KVER and /lib/modules/KVER/kernel (make test installs linux-image-amd64)");
        return kernel.Release;
    }

    /// <summary>A plain ELF copy of a kernel module for readelf and bpftool, which cannot read .ko.xz/.zst/.gz:
    /// decompressed once into the temporary directory (by the compressor's own tool); a plain .ko is returned as is.</summary>
    public static string PlainElf(string module)
    {
        var tool = Path.GetExtension(module) switch
        {
            ".xz" => "xz",
            ".zst" => "zstd",
            ".gz" => "gzip",
            _ => null,
        };
        if (tool is null)
        {
            return module;
        }

        var dir = Path.Combine(Path.GetTempPath(), $"stapper-plain-ko-{Environment.UserName}",
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(module)))[..16]);
        var plain = Path.Combine(dir, Path.GetFileNameWithoutExtension(module));
        if (!File.Exists(plain) || File.GetLastWriteTimeUtc(plain) < File.GetLastWriteTimeUtc(module))
        {
            Directory.CreateDirectory(dir);
            var temp = plain + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, RunBytes(tool, "-dc", module));
            File.Move(temp, plain, overwrite: true);
        }
        return plain;
    }

    private static byte[] RunBytes(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {tool}");
        var errTask = p.StandardError.ReadToEndAsync();
        using var bytes = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(bytes);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {errTask.Result}");
        }
        return bytes.ToArray();
    }

    /// <summary>pahole -C prints top-level members as "TYPE NAME; /* OFFSET SIZE */" (bit fields "/* OFFSET: BIT SIZE */"),
    /// anonymous unions/structs expanded inline. Returns name, byte offset and size of each top-level member, and the struct size.</summary>
    public static (List<(string Name, ulong Offset, ulong Size)> Members, ulong? Size) PaholeTopLevel(string text)
    {
        var members = new List<(string, ulong, ulong)>();
        int depth = 0;
        ulong? totalSize = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var size = Regex.Match(line, @"/\* size: (\d+),");
            if (size.Success && depth == 1)
            {
                totalSize = ulong.Parse(size.Groups[1].Value);
            }

            if (line.StartsWith("/*", StringComparison.Ordinal))
            {
                continue;
            }

            int opens = line.Count(c => c == '{'), closes = line.Count(c => c == '}');
            var mm = Regex.Match(line, @"^(.*?)([A-Za-z_][A-Za-z0-9_]*)?(?::\d+)?(?:\[\d*\])*(?: __attribute__\(\(.*\)\))?;\s*/\*\s*(\d+)(?::\s*\d+)?\s+(\d+)\s*\*/");
            if (depth == 1 && opens == 0 && closes == 0 && mm.Success)
            {
                members.Add((mm.Groups[2].Value, ulong.Parse(mm.Groups[3].Value), ulong.Parse(mm.Groups[4].Value)));
            }
            else if (depth == 2 && closes > 0 && opens == 0 && mm.Success)
            {
                members.Add((mm.Groups[2].Value, ulong.Parse(mm.Groups[3].Value), ulong.Parse(mm.Groups[4].Value)));
            }

            depth += opens - closes;
        }
        return (members, totalSize);
    }

    public static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end>";
            string al = i < a.Length ? a[i] : "<end>";
            if (el != al)
            {
                return $"line {i + 1}:\n expected: {el}\n actual:   {al}";
            }
        }
        return "identical";
    }
}

/// <summary>One KernelDebugInfo for the installed kernel, shared by the kernel tests (extraction is done once and cached).</summary>
public sealed class KernelFixture : IDisposable
{
    public KernelFixture()
    {
        Release = Oracle.KernelRelease();
        var sw = Stopwatch.StartNew();
        Kernel = KernelDebugInfo.Open(Release, new KernelDebugInfoOptions { UseSysfs = false });
        OpenTime = sw.Elapsed;
        BtfPath = KernelDebugInfo.CachedVmlinuzBtf(Release, $"/boot/vmlinuz-{Release}");
    }

    public string Release { get; }
    public KernelDebugInfo Kernel { get; }
    public string BtfPath { get; }
    public TimeSpan OpenTime { get; }

    private string? _raw;
    /// <summary>bpftool btf dump file BTF format raw.</summary>
    public string BpftoolRaw => _raw ??= Oracle.Run("bpftool", "btf", "dump", "file", BtfPath, "format", "raw");

    public void Dispose() => Kernel.Dispose();
}

[CollectionDefinition("kernel")]
public sealed class KernelCollection : ICollectionFixture<KernelFixture>;
