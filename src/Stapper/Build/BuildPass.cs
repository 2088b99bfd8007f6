using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Stapper.Diagnostics;
using Stapper.Translate;

namespace Stapper.Build;

/// <summary>
/// Pass 4: kbuild of the generated module against the kernel's build tree, with a cache keyed by
/// everything that goes into the .ko (generated files, runtime headers, kernel, compiler, feature tests).
/// </summary>
public sealed class BuildPass
{
    public const string AutoconfFileName = "stp_autoconf.h";

    public ModuleFile Run(ModuleSource source, BuildOptions options)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var autoconf = KernelFeatures.Probe(options.KernelBuildDirectory, source.Features);
        var hash = CacheKey(source, options, autoconf);
        var cacheDir = Path.Combine(options.CacheDirectory, hash);
        var cached = Path.Combine(cacheDir, source.ModuleName + ".ko");
        if (options.Cache == CacheUse.Normal && File.Exists(cached))
        {
            return new ModuleFile(cached, true, diagnostics.ToImmutable());
        }

        var work = options.TemporaryDirectory is { } parent
            ? Directory.CreateDirectory(Path.Combine(parent, "stapper-build-" + Path.GetRandomFileName())).FullName
            : Directory.CreateTempSubdirectory("stapper-build-").FullName;
        var keepWork = false;
        try
        {
            foreach (var (name, text) in source.Files)
            {
                File.WriteAllText(Path.Combine(work, name), text);
            }
            File.WriteAllText(Path.Combine(work, AutoconfFileName), autoconf);

            var result = CliWrap.Cli.Wrap("make")
                .WithArguments(["-C", options.KernelBuildDirectory, "M=" + work, .. options.KbuildArguments, "modules"])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync()
                .GetAwaiter().GetResult();
            var output = result.StandardOutput + result.StandardError;
            var built = Path.Combine(work, source.ModuleName + ".ko");
            if (result.ExitCode != 0 || !File.Exists(built))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, "build.compile", "error", "compilation failed\n" + CompilerMessages(output), null));
                return new ModuleFile(null, false, diagnostics.ToImmutable());
            }
            if (options.Cache == CacheUse.Disabled)
            {
                // Nothing goes to the cache: the module stays in its build directory, which the caller removes.
                keepWork = true;
                return new ModuleFile(built, false, diagnostics.ToImmutable());
            }
            if (output.Contains("warning:", StringComparison.Ordinal))
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, "build.compiler-warning", "WARNING", "compiler warnings\n" + CompilerMessages(output), null));
            }
            Directory.CreateDirectory(cacheDir);
            var temp = cached + "." + Environment.ProcessId + ".tmp";
            File.Copy(built, temp, true);
            File.Move(temp, cached, true);
            foreach (var (name, text) in source.Files)
            {
                File.WriteAllText(Path.Combine(cacheDir, name), text);
            }
            return new ModuleFile(cached, false, diagnostics.ToImmutable());
        }
        finally
        {
            if (!options.KeepTemporary && !keepWork)
            {
                try
                {
                    Directory.Delete(work, true);
                }
                catch (IOException)
                {
                }
            }
            else if (options.KeepTemporary)
            {
                Console.Error.WriteLine($"Keeping temporary directory \"{work}\"");
            }
        }
    }

    /// <summary>The compiler's lines, without make's chatter.</summary>
    private static string CompilerMessages(string output) =>
        string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("make", StringComparison.Ordinal) && l.Trim().Length > 0));

    internal static string CacheKey(ModuleSource source, BuildOptions options, string autoconf)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(s));
            sha.AppendData([0]);
        }
        Add("stapper-module-v1");
        Add(source.ModuleName);
        foreach (var (name, text) in source.Files)
        {
            Add(name);
            Add(text);
        }
        if (Directory.Exists(source.RuntimeDirectory))
        {
            foreach (var file in Directory.GetFiles(source.RuntimeDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Add(Path.GetRelativePath(source.RuntimeDirectory, file));
                sha.AppendData(File.ReadAllBytes(file));
            }
        }
        Add(options.KernelRelease);
        Add(Path.GetFullPath(options.KernelBuildDirectory));
        Add(CompilerVersion());
        Add(autoconf);
        foreach (var argument in options.KbuildArguments)
        {
            Add(argument);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string? _compilerVersion;

    private static string CompilerVersion()
    {
        if (_compilerVersion is null)
        {
            try
            {
                var r = CliWrap.Cli.Wrap("gcc").WithArguments("--version").WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync().GetAwaiter().GetResult();
                _compilerVersion = r.StandardOutput.Split('\n')[0];
            }
            catch (System.ComponentModel.Win32Exception)
            {
                _compilerVersion = "unknown";
            }
        }
        return _compilerVersion;
    }
}

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
