using System.Text;
using Stapper.Run;

namespace Stapper.Tests.Run;

/// <summary>Pass 5 on the host: this kind of host cannot load modules, and says so with a pointer to --vm.</summary>
public class RunPassHostTests
{
    static readonly RunOptions Defaults = new(null, null, null, null, 0, 0);

    static (RunResult Result, string Stdout, string Stderr) Run(RunPass pass, string module, RunOptions? options = null)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var result = pass.Run(module, options ?? Defaults, stdout, stderr);
        return (result, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    static string FakeModule(string name = "stap_test")
    {
        var dir = Directory.CreateTempSubdirectory("stapper-run-");
        var path = Path.Combine(dir.FullName, name + ".ko");
        File.WriteAllBytes(path, [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        return path;
    }

    [Fact]
    public void AModuleReadsStdinWhenItCarriesTheProcfsTag()
    {
        var dir = Directory.CreateTempSubdirectory("stapper-stdin-tag");
        try
        {
            var tagged = Path.Combine(dir.FullName, "a.ko");
            var plain = Path.Combine(dir.FullName, "b.ko");
            File.WriteAllBytes(tagged, [.. "\u007fELF....license=GPL\0stapper_stdin=1\0"u8]);
            File.WriteAllBytes(plain, [.. "\u007fELF....license=GPL\0stapper_stdin=10"u8]);
            Assert.True(RunPass.ModuleReadsStdin(tagged));
            Assert.False(RunPass.ModuleReadsStdin(plain));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void MissingProcModulesPointsToVm()
    {
        var pass = new RunPass { ProcModules = "/nonexistent/proc/modules" };
        var (result, stdout, stderr) = Run(pass, FakeModule());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", stdout);
        Assert.Equal("ERROR: this kernel cannot load modules (/nonexistent/proc/modules is absent): run with --vm to use a kernel in a virtual machine\n", stderr);
    }

    [Fact]
    public void NonRootPointsToVm()
    {
        var procModules = Path.GetTempFileName();
        var pass = new RunPass { ProcModules = procModules, EffectiveUserId = () => 1000 };
        var (result, _, stderr) = Run(pass, FakeModule());
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ERROR: loading kernel modules needs root privileges", stderr);
        Assert.Contains("--vm", stderr);
    }

    [Fact]
    public void ThisHostEitherCannotLoadOrRejectsAFakeModule()
    {
        // On hosts like the build machine (no /proc/modules) this is the --vm message; elsewhere finit_module rejects
        // the 4-byte fake. Either way: one ERROR line, status 1, no stack trace.
        var (result, _, stderr) = Run(new RunPass(), FakeModule());
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ERROR: ", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        if (!File.Exists("/proc/modules"))
        {
            Assert.Contains("run with --vm", stderr);
        }
    }

    [Fact]
    public void BadModuleNameAndMissingFileAreErrors()
    {
        var (r1, _, e1) = Run(new RunPass(), "/tmp/bad-name.ko");
        Assert.Equal(1, r1.ExitCode);
        Assert.StartsWith("ERROR: invalid module name 'bad-name'", e1);
        var (r2, _, e2) = Run(new RunPass(), "/nonexistent/stap_x.ko");
        Assert.Equal(1, r2.ExitCode);
        Assert.StartsWith("ERROR: cannot open module file /nonexistent/stap_x.ko", e2);
    }

    [Fact]
    public void RotationRoundTrips()
    {
        var options = new RunOptions("/tmp/out.txt", null, null, null, 0, 0) { Rotation = new OutputRotation(3L << 20, 4) };
        var args = RunModuleCommand.Arguments("/tmp/m.ko", options);
        Assert.Equal(["--run-module=/tmp/m.ko", "-o", "/tmp/out.txt", "-S", "3,4"], args);
        Assert.Equal(options.Rotation, Stapper.Cli.CommandLine.Parse(args).Invocation!.Rotation);
    }

    [Fact]
    public void CommandLineRoundTrips()
    {
        var options = new RunOptions("/tmp/out.txt", "ls -l", null, 5, 16, 2);
        var args = RunModuleCommand.Arguments("/tmp/m.ko", options);
        Assert.Equal(["--run-module=/tmp/m.ko", "-o", "/tmp/out.txt", "-c", "ls -l", "-T", "5", "-s", "16", "-v", "-v"], args);
        var parsed = Stapper.Cli.CommandLine.Parse(args).Invocation!;
        Assert.Equal("/tmp/m.ko", parsed.RunModule);
        Assert.Equal(options, new RunOptions(parsed.OutputFile, parsed.TargetCommand, parsed.TargetPid, parsed.TimeoutSeconds, parsed.BufferMegabytes, parsed.Verbosity));
        Assert.Equal("Invalid timeout 'x'.", Stapper.Cli.CommandLine.Parse(["--run-module=/m.ko", "-T", "x"]).Error);
    }
}
