using System.Diagnostics;

namespace Stapper.Cli;

/// <summary>
/// --prep[=install], stap-prep's counterpart: what the target kernel (-r, --vm=KVER, else the running one) needs for
/// each pass, and with =install the Debian packages that are missing, through apt-get (its progress shows on a
/// terminal only). Status 0 when passes 1-4 can run for that kernel.
/// </summary>
internal static class Prep
{
    /// <summary>One requirement: what it is, whether it is there, the package that provides it, what needs it.</summary>
    internal sealed record Requirement(string What, string Where, bool Present, string Package, string NeededFor, bool Required);

    public static int Run(string release, bool install, TextWriter stdout, TextWriter stderr)
    {
        var requirements = Check(release, btf: () => KernelSymbols.Open(TargetKernel.From(release)) is { } k && k.HasFunction("vfs_read"));
        Report(release, requirements, stdout);
        var missing = requirements.Where(r => !r.Present).Select(r => r.Package).Distinct().ToList();
        if (install && missing.Count > 0)
        {
            var status = AptInstall(missing, stdout, stderr);
            if (status != 0)
            {
                stderr.WriteLine($"ERROR: apt-get install {string.Join(' ', missing)} failed with status {status}");
                return status;
            }
            requirements = Check(release, btf: () => KernelSymbols.Open(TargetKernel.From(release)) is { } k && k.HasFunction("vfs_read"));
            stdout.WriteLine();
            Report(release, requirements, stdout);
        }
        else if (missing.Count > 0)
        {
            stdout.WriteLine($"to install what is missing: stapper --prep=install -r {release}   (apt-get install {string.Join(' ', missing)})");
        }
        return requirements.Any(r => r.Required && !r.Present) ? 1 : 0;
    }

    internal static List<Requirement> Check(string release, Func<bool> btf)
    {
        var image = $"/boot/vmlinuz-{release}";
        var build = $"/lib/modules/{release}/build";
        var debug = $"/usr/lib/debug/boot/vmlinux-{release}";
        var hasImage = File.Exists(image);
        return
        [
            new("kernel image", image, hasImage, $"linux-image-{release}", "--vm, and BTF", true),
            new("BTF", hasImage ? image + " (.BTF)" : "(in the image)", hasImage && btf(), $"linux-image-{release}", "kernel.function, kernel.trace, $target variables", true),
            new("headers", build, File.Exists(Path.Combine(build, "Makefile")), $"linux-headers-{release}", "pass 4 (kbuild)", true),
            new("make, gcc", "PATH", OnPath("make") && OnPath("gcc"), "build-essential", "pass 4 (kbuild)", true),
            new("debuginfo", debug, File.Exists(debug), $"linux-image-{release}-dbg", "DWARF-only features (stap's -L source lines, locals; the oracle)", false),
            new("qemu", "PATH", OnPath("qemu-system-x86_64"), "qemu-system-x86", "--vm", false),
            new("busybox", "/bin/busybox", File.Exists("/bin/busybox"), "busybox-static", "--vm", false),
        ];
    }

    private static void Report(string release, List<Requirement> requirements, TextWriter stdout)
    {
        stdout.WriteLine($"kernel {release}:");
        foreach (var r in requirements)
        {
            stdout.WriteLine($"  {r.What,-13} {(r.Present ? "present" : r.Required ? "MISSING" : "missing"),-8} {r.Where}  [{r.Package}; for {r.NeededFor}]");
        }
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, command)));

    /// <summary>apt-get update and install, as root or through sudo; quiet unless stdout is a terminal.</summary>
    private static int AptInstall(List<string> packages, TextWriter stdout, TextWriter stderr)
    {
        var terminal = !Console.IsOutputRedirected;
        var root = Environment.UserName == "root";
        string[] quiet = terminal ? [] : ["-qq"];
        stdout.WriteLine("installing: " + string.Join(' ', packages));
        stdout.Flush();
        var update = Start(root, ["apt-get", "update", .. quiet], terminal, stderr);
        return update != 0 ? update : Start(root, ["apt-get", "install", "-y", .. quiet, .. packages], terminal, stderr);
    }

    private static int Start(bool root, string[] command, bool terminal, TextWriter stderr)
    {
        var info = new ProcessStartInfo(root ? command[0] : "sudo") { RedirectStandardOutput = !terminal, RedirectStandardError = !terminal };
        foreach (var argument in root ? command[1..] : command)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        if (!terminal)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEnd();
            output.Wait();
            if (process.WaitForExit(-1) && process.ExitCode != 0)
            {
                stderr.Write(errors);
            }
        }
        process.WaitForExit();
        return process.ExitCode;
    }
}
