using System.Diagnostics;
using System.Text;

namespace Stapper.Vm;

/// <summary>
/// Chooses what QEMU boots. Under TCG, decompressing a bzImage and running the real-mode setup costs seconds, so when
/// the kernel supports PVH (CONFIG_PVH=y) the uncompressed vmlinux ELF is extracted once from the bzImage, cached under
/// ~/.cache/stapper/vm/, and booted directly through its PVH entry. Falls back to the bzImage.
/// </summary>
public static class KernelImage
{
    public static string GetBootImage(InstalledKernel kernel, string? cacheDirectory = null)
    {
        if (Environment.GetEnvironmentVariable("STAPPER_VM_BZIMAGE") == "1" || !HasPvh(kernel))
        {
            return kernel.ImagePath;
        }

        try
        {
            var info = new FileInfo(kernel.ImagePath);
            var key = Convert.ToHexString(Sha256.Hash(Encoding.UTF8.GetBytes(
                $"{kernel.ImagePath} {info.Length} {info.LastWriteTimeUtc.Ticks}")))[..16].ToLowerInvariant();
            var dir = cacheDirectory ?? Initramfs.DefaultCacheDirectory();
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"vmlinux-{kernel.Release}-{key}");
            if (File.Exists(path))
            {
                return path;
            }

            var failed = path + ".failed";
            if (File.Exists(failed))
            {
                return kernel.ImagePath;
            }

            var temp = path + "." + Environment.ProcessId + ".tmp";
            try
            {
                if (Extract(kernel.ImagePath, temp))
                {
                    File.Move(temp, path, overwrite: true);
                    return path;
                }
                File.WriteAllText(failed, "");
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
        }
        return kernel.ImagePath;
    }

    static bool HasPvh(InstalledKernel kernel)
    {
        var config = kernel.ConfigPath;
        return config is not null && File.ReadLines(config).Any(l => l == "CONFIG_PVH=y");
    }

    /// <summary>Finds the compressed payload in the bzImage and decompresses it with the matching tool.</summary>
    static bool Extract(string bzImage, string output)
    {
        var data = File.ReadAllBytes(bzImage);
        (byte[] Magic, string Tool, string[] Args)[] formats =
        [
            ([0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], "xz", ["-dc", "--single-stream"]),
            ([0x28, 0xb5, 0x2f, 0xfd], "zstd", ["-dc"]),
            ([0x1f, 0x8b, 0x08, 0x00], "gzip", ["-dc"]),
        ];
        foreach (var (magic, tool, args) in formats)
        {
            var offset = data.AsSpan().IndexOf(magic);
            if (offset < 0)
            {
                continue;
            }

            var psi = new ProcessStartInfo(tool, args)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi);
            if (p is null)
            {
                continue;
            }

            var feed = Task.Run(() =>
            {
                try
                {
                    p.StandardInput.BaseStream.Write(data, offset, data.Length - offset);
                    p.StandardInput.Close();
                }
                catch (IOException) { }
            });
            var err = p.StandardError.ReadToEndAsync();
            using (var f = File.Create(output))
            {
                p.StandardOutput.BaseStream.CopyTo(f);
            }

            p.WaitForExit();
            feed.Wait();
            _ = err.Result;
            // Trailing data after the stream makes some tools exit non-zero; what matters is a whole ELF.
            if (IsElf(output))
            {
                return true;
            }
        }
        return false;
    }

    static bool IsElf(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length < 1 << 20)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[4];
        using var f = File.OpenRead(path);
        f.ReadExactly(head);
        return head.SequenceEqual("\u007fELF"u8);
    }
}
