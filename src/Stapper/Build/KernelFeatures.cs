using System.Text;
using Stapper.Translate;

namespace Stapper.Build;

/// <summary>
/// Kernel API differences found by grepping the build tree's headers (as kbuild feature tests do),
/// written to stp_autoconf.h; never by version numbers. Which ones: the module says (ModuleSource.Features:
/// the runtime's and its probe families').
/// </summary>
internal static class KernelFeatures
{
    public static IReadOnlyList<string> IncludeRoots(string buildDir)
    {
        var roots = new List<string> { Path.Combine(buildDir, "include") };
        var source = Path.Combine(buildDir, "source");
        if (Directory.Exists(source))
        {
            roots.Add(Path.Combine(source, "include"));
        }
        // Debian: the build tree's Makefile includes the common tree's.
        var makefile = Path.Combine(buildDir, "Makefile");
        if (File.Exists(makefile))
        {
            foreach (var line in File.ReadLines(makefile).Take(20))
            {
                var t = line.Trim();
                if (t.StartsWith("include ", StringComparison.Ordinal) && t.EndsWith("/Makefile", StringComparison.Ordinal))
                {
                    var dir = Path.GetDirectoryName(t["include ".Length..].Trim());
                    if (dir is not null)
                    {
                        roots.Add(Path.Combine(dir, "include"));
                    }
                }
            }
        }
        return roots;
    }

    public static string Probe(string buildDir, IEnumerable<KernelFeature> features)
    {
        var roots = IncludeRoots(buildDir);
        var sb = new StringBuilder("/* stapper kernel feature tests */\n");
        foreach (var test in features)
        {
            var found = roots.Select(r => Path.Combine(r, test.Header)).Where(File.Exists)
                .Any(f => File.ReadAllText(f).Contains(test.Needle, StringComparison.Ordinal));
            sb.Append(found ? $"#define {test.Macro} 1\n" : $"/* #undef {test.Macro} */\n");
        }
        return sb.ToString();
    }
}
