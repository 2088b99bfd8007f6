using System.Diagnostics;
using Stapper.Vm;

namespace Stapper.Tests.Run;

/// <summary>
/// Builds tests/fixtures/transport-module for the default installed kernel (once per test run): test sessions on the
/// real runtime (runtime/, its transport), with stp_autoconf.h from the build tree's headers as pass 4 writes it.
/// </summary>
public sealed class TransportFixture
{
    public InstalledKernel? Kernel { get; }
    public string? Directory { get; }

    public TransportFixture()
    {
        Kernel = TestKernel.Find();
        // The tests that use it are skipped, saying why (RequiresFact(Need.VmModule)).
        if (Prerequisites.VmModule is not null || Kernel?.BuildDirectory is null)
        {
            return;
        }
        var source = FindSource();
        var dir = Path.Combine(AppContext.BaseDirectory, "transport-module", Kernel.Release);
        System.IO.Directory.CreateDirectory(dir);
        var files = System.IO.Directory.GetFiles(source).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        files[Stapper.Build.BuildPass.AutoconfFileName] = Stapper.Build.KernelFeatures.Probe(Kernel.BuildDirectory, Stapper.Translate.KernelFeature.Runtime);
        foreach (var (name, text) in files)
        {
            var target = Path.Combine(dir, name);
            if (!File.Exists(target) || File.ReadAllText(target) != text)
            {
                File.WriteAllText(target, text);
            }
        }
        var runtime = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(source)))!, "runtime");
        var psi = new ProcessStartInfo("make", ["-s", "KVER=" + Kernel.Release, "STP_RUNTIME=" + runtime])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var make = Process.Start(psi)!;
        var err = make.StandardError.ReadToEndAsync();
        var outp = make.StandardOutput.ReadToEnd();
        make.WaitForExit();
        if (make.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the transport fixture failed:\n{outp}\n{err.Result}");
        }

        Directory = dir;
    }

    public string Module(string name) => Path.Combine(Directory!, name + ".ko");

    static string FindSource()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "fixtures", "transport-module");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("tests/fixtures/transport-module not found");
    }

    /// <summary>argv that runs pass 5 alone (stapper apphost + startup hook, see <see cref="StartupHook"/>).</summary>
    public static IReadOnlyList<string> StapperRunModule(params string[] args) =>
        ["/usr/bin/env", "STAPPER_TEST_ENTRY=run-module", "DOTNET_STARTUP_HOOKS=" + typeof(TransportFixture).Assembly.Location,
         Path.Combine(AppContext.BaseDirectory, "stapper"), .. args];
}
