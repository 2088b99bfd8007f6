using System.Text;

namespace Stapper.Cli;

/// <summary>
/// What passes 1-3 read before they start, hashed: stapper itself, the command line, the working directory, the
/// environment they consult, the script, every tapset, template and runtime file (by content), and the target
/// kernel's identity (its build tree's stamp files, debug info and module directories, the compiler). The files
/// pass 2 opens on the way (debug info, user binaries) are not known until it ran: the entry lists them
/// (<see cref="TranslationCache"/>) and a hit checks their stamps.
/// </summary>
internal static class TranslationKey
{
    /// <summary>The key, or null when this run cannot be keyed (its script comes from stdin or cannot be read).</summary>
    public static string? For(Invocation invocation, TargetKernel kernel)
    {
        var sha = new Sha256();
        void Add(string s)
        {
            sha.Append(Encoding.UTF8.GetBytes(s));
            sha.Append([0]);
        }
        Add("stapper-translation-v1");
        Add(Installation.Version);
        // A rebuilt stapper translates anew.
        Add(StapperStamp);
        Add(Directory.GetCurrentDirectory());
        foreach (var argument in invocation.Arguments)
        {
            Add(argument);
        }
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(n => n == "PATH" || n.StartsWith("SYSTEMTAP_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            Add(name + "=" + Environment.GetEnvironmentVariable(name));
        }
        if (invocation.ScriptFile is { } script)
        {
            if (script == "-" || !File.Exists(script))
            {
                return null;
            }
            Add(Path.GetFullPath(script));
            sha.Append(File.ReadAllBytes(script));
        }
        Add(invocation.ScriptText ?? "");
        foreach (var file in Installation.TapsetFiles(invocation.IncludeDirectories))
        {
            AddFile(sha, file);
        }
        foreach (var directory in new[] { Installation.TemplateDirectory, invocation.RuntimeDirectory ?? Installation.RuntimeDirectory })
        {
            Add(directory);
            Build.DirectoryDigest.Append(sha, directory);
        }
        Add(kernel.Release);
        foreach (var path in KernelFiles(kernel))
        {
            Add(path + " " + Stamp(path));
        }
        return Convert.ToHexStringLower(sha.Finish());
    }

    private static void AddFile(Sha256 sha, string file)
    {
        sha.Append(Encoding.UTF8.GetBytes(file));
        sha.Append([0]);
        sha.Append(File.ReadAllBytes(file));
        sha.Append([0]);
    }

    /// <summary>The files and directories that say which kernel pass 2 reads: present or not, and when they changed.</summary>
    internal static IEnumerable<string> KernelFiles(TargetKernel kernel)
    {
        var release = kernel.Release;
        var tree = kernel.BuildDirectory;
        yield return tree;
        if (new DirectoryInfo(tree) is { Exists: true, LinkTarget: not null } link && link.ResolveLinkTarget(true) is { } target)
        {
            yield return target.FullName;
        }
        foreach (var file in Build.RecipeKey.TreeFiles)
        {
            yield return Path.Combine(tree, file);
        }
        yield return Path.Combine(tree, "include/config/kernel.release");
        yield return $"/usr/lib/debug/boot/vmlinux-{release}";
        yield return $"/usr/lib/debug/lib/modules/{release}";
        yield return $"/usr/lib/debug/lib/modules/{release}/vmlinux";
        yield return $"/lib/modules/{release}";
        yield return $"/lib/modules/{release}/modules.dep";
        foreach (var name in new[] { "vmlinux", "vmlinuz", "config", "System.map" })
        {
            yield return $"/boot/{name}-{release}";
        }
        // The compiler (pass 2 compiles headers for @cast's types) as PATH finds it.
        if (Build.CompilerIdentity.Binary() is { } gcc)
        {
            yield return gcc;
        }
        if (File.Exists("/proc/sys/kernel/osrelease") && File.ReadAllText("/proc/sys/kernel/osrelease").Trim() == release)
        {
            // The running kernel answers from sysfs and kallsyms, which a reboot changes under the same release.
            yield return "/sys/kernel/btf/vmlinux";
            yield return "/proc/sys/kernel/random/boot_id";
        }
    }

    /// <summary>This stapper: the native binary (or, run by dotnet as in tests, the assembly) by its stamp.</summary>
    internal static string StapperStamp { get; } =
        Stamp(Environment.ProcessPath ?? "") + "\t" + Stamp(Path.Combine(AppContext.BaseDirectory, "stapper.dll"));

    /// <summary>A file's size and modification time, a directory's time, "-" when missing (boot_id: its text).</summary>
    internal static string Stamp(string path)
    {
        if (path.Length == 0)
        {
            return "";
        }
        if (path.StartsWith("/proc/", StringComparison.Ordinal))
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : "-";
        }
        var file = new FileInfo(path);
        if (file.Exists)
        {
            // A symbolic link by the file it leads to (its own length is the target's name).
            var target = file.LinkTarget is not null ? file.ResolveLinkTarget(true) as FileInfo : null;
            return target is { Exists: true } ? $"{target.FullName} {target.Length} {target.LastWriteTimeUtc.Ticks}" : $"{file.Length} {file.LastWriteTimeUtc.Ticks}";
        }
        var directory = new DirectoryInfo(path);
        return directory.Exists ? $"d {directory.LastWriteTimeUtc.Ticks}" : "-";
    }
}
