namespace Stapper.Cli;

/// <summary>
/// The kernel a script is built for (-r KVER or -r DIR, else the running one or the --vm one):
/// its release, build tree and configuration, which the preprocessor's CONFIG_ tests read.
/// </summary>
public sealed class TargetKernel
{
    private readonly Lazy<Dictionary<string, string>> _config;

    private TargetKernel(string release, string buildDirectory)
    {
        Release = release;
        BuildDirectory = buildDirectory;
        _config = new Lazy<Dictionary<string, string>>(ReadConfig);
    }

    public string Release { get; }
    public string BuildDirectory { get; }
    public static string Architecture => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        _ => "x86_64",
    };

    public bool HasBuildTree => File.Exists(Path.Combine(BuildDirectory, "Makefile"));

    /// <summary>-r as stap reads it: a path to a build tree, or a release under /lib/modules.</summary>
    public static TargetKernel From(string releaseOrDirectory)
    {
        if (releaseOrDirectory.Contains('/'))
        {
            var release = ReadRelease(releaseOrDirectory) ?? Path.GetFileName(Path.GetFullPath(releaseOrDirectory).TrimEnd('/'));
            return new TargetKernel(release, Path.GetFullPath(releaseOrDirectory));
        }
        return new TargetKernel(releaseOrDirectory, $"/lib/modules/{releaseOrDirectory}/build");
    }

    public static TargetKernel Running() => From(File.Exists("/proc/sys/kernel/osrelease")
        ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim()
        : Environment.OSVersion.Version.ToString());

    public string? Config(string name) => _config.Value.GetValueOrDefault(name);

    private static string? ReadRelease(string directory)
    {
        var file = Path.Combine(directory, "include/config/kernel.release");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    private Dictionary<string, string> ReadConfig()
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = new[] { Path.Combine(BuildDirectory, ".config"), $"/boot/config-{Release}" }.FirstOrDefault(File.Exists);
        if (file is null)
        {
            return config;
        }
        foreach (var line in File.ReadLines(file))
        {
            var eq = line.IndexOf('=');
            if (line.StartsWith("CONFIG_", StringComparison.Ordinal) && eq > 0)
            {
                config[line[..eq]] = line[(eq + 1)..].Trim('"');
            }
        }
        return config;
    }
}
