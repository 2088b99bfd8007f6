using System.Text.RegularExpressions;

namespace Stapper.DebugInfo;

/// <summary>Files of a kernel's source headers: its build tree's, or the tree its Makefile includes (Debian's -common).</summary>
public static partial class KernelHeaders
{
    /// <summary>The file or directory <paramref name="relative"/> under the release's header trees, or null.</summary>
    public static string? Find(string release, string relative, string modulesDir = "/lib/modules")
    {
        var build = Path.Combine(modulesDir, release, "build");
        var candidates = new List<string> { build, Path.Combine(modulesDir, release, "source") };
        var makefile = Path.Combine(build, "Makefile");
        if (File.Exists(makefile))
        {
            foreach (var line in File.ReadLines(makefile))
            {
                var m = IncludeLine().Match(line);
                if (m.Success)
                {
                    candidates.Add(Path.GetDirectoryName(m.Groups[1].Value.Trim()) ?? "");
                }
            }
        }
        return candidates.Select(c => Path.Combine(c, relative)).FirstOrDefault(p => Directory.Exists(p) || File.Exists(p));
    }

    [GeneratedRegex(@"^include\s+(\S+/Makefile)\s*$")]
    private static partial Regex IncludeLine();
}
