using System.Text.RegularExpressions;
using Stapper.Cli;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Cli;

/// <summary>--dump-probe-types (every pattern listed resolves), --dump-probe-aliases, --dump-functions, --dump-macros.</summary>
public partial class DumpTests(Stapper.Tests.Elaborate.SdtProgramFixture sdt) : IClassFixture<Stapper.Tests.Elaborate.SdtProgramFixture>
{
    private static string Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, Driver.RunCore(args, stdout, stderr));
        Assert.Equal("", stderr.ToString());
        return stdout.ToString();
    }

    [Fact]
    public void ProbeTypesAreSortedAndIncludeEachFamily()
    {
        var lines = Run("--dump-probe-types").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.Contains("kernel.function(string).return.maxactive(number)", lines);
        Assert.Contains("kernel.trace(string)", lines);
        Assert.Contains("timer.ms(number).randomize(number)", lines);
        Assert.Contains("begin(number)", lines);
    }

    [SkippableKernelFact]
    public void EveryListedProbeTypeResolves()
    {
        var release = TestKernel.Find()!.Release;
        var failures = new List<string>();
        // process(PID).function names a running process's executable: the SDT program, waiting.
        using var waiting = System.Diagnostics.Process.Start(sdt.Program, ["wait", "wait"]);
        try
        {
            foreach (var pattern in Run("--dump-probe-types").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                // A label and a statement address depend on the kernel build (tests/Elaborate/KernelStatementTests); a user
                // statement needs a program built with -g (tests/Elaborate/UserStatementTests).
                if (pattern.Contains(".label(", StringComparison.Ordinal) || pattern.Contains("statement(number)", StringComparison.Ordinal)
                    || pattern.StartsWith("process", StringComparison.Ordinal) && pattern.Contains(".statement(", StringComparison.Ordinal))
                {
                    continue;
                }
                Resolve(pattern, release, waiting.Id, failures);
            }
        }
        finally
        {
            waiting.Kill();
        }
        Assert.Empty(failures);
    }

    private void Resolve(string pattern, string release, int pid, List<string> failures)
    {
        // Debian's libc has no SDT markers: .mark, .plt and .library points go to a program that has them (and calls
        // pause), as the library too. Without a path a process point is the -c program's, with a PID that process's.
        var library = pattern.Contains(".library(", StringComparison.Ordinal);
        var marks = library || pattern.Contains(".mark(", StringComparison.Ordinal) || pattern.Contains(".plt", StringComparison.Ordinal);
        var ownProgram = library || pattern.StartsWith("process.function", StringComparison.Ordinal)
            || pattern.StartsWith("process(number).function", StringComparison.Ordinal);
        // stap's hrtimers run from 100 us: a finer unit takes more of them
        var numbered = pattern.Replace("process(number).", $"process({pid}).", StringComparison.Ordinal)
            .Replace("timer.ns(number)", "timer.ns(1000000)", StringComparison.Ordinal).Replace("timer.nsec(number)", "timer.nsec(1000000)", StringComparison.Ordinal)
            .Replace("timer.us(number)", "timer.us(1000)", StringComparison.Ordinal).Replace("timer.usec(number)", "timer.usec(1000)", StringComparison.Ordinal);
        var point = StringArgument().Replace(numbered.Replace("(number)", "(10)", StringComparison.Ordinal), m => m.Value switch
        {
            "module(string)" => "module(\"ext4\")",
            "process(string)" => "process(\"" + (marks ? sdt.Program : Libc) + "\")",
            "library(string)" => "library(\"" + sdt.Program + "\")",
            "provider(string)" => "provider(\"app\")",
            "mark(string)" => "mark(\"pair\")",
            "plt(string)" => "plt(\"pause\")",
            "procfs(string)" => "procfs(\"p\")",
            "trace(string)" => "trace(\"sched:sched_switch\")",
            "hook(string)" => "hook(\"NF_INET_LOCAL_IN\")",
            "pf(string)" => "pf(\"NFPROTO_IPV4\")",
            "priority(string)" => "priority(\"NF_IP_PRI_FIRST\")",
            "data(string)" => "data(\"vm_dirty_ratio\")",
            "counter(string)" => "counter(\"c\")",
            "statement(string)" when pattern.StartsWith("module", StringComparison.Ordinal) => "statement(\"ext4_file_read_iter@*:*\")",
            "statement(string)" => "statement(\"vfs_read@*:*\")",
            _ when pattern.StartsWith("module", StringComparison.Ordinal) => "function(\"ext4_file_read_iter\")",
            // .inline in user space: an instance in libc's DWARF (libc6-dbg), else one only the symbol table knows.
            _ when pattern.StartsWith("process", StringComparison.Ordinal) && pattern.EndsWith(".inline", StringComparison.Ordinal) =>
                ownProgram || marks ? "function(\"_start\")" : "function(\"tcache_get\")",
            _ when ownProgram => "function(\"main\")",
            _ when pattern.EndsWith(".inline", StringComparison.Ordinal) => "function(\"sig_ignored\")",
            _ when pattern.StartsWith("process", StringComparison.Ordinal) => "function(\"malloc\")",
            _ => "function(\"vfs_read\")",
        });
        var stderr = new StringWriter();
        // Lifecycle and system call points without a path cover every process; the others need the -c program.
        string[] everyProcess = ["process.begin", "process.end", "process.thread", "process.syscall"];
        string[] target = (pattern.StartsWith("process.", StringComparison.Ordinal) && !everyProcess.Any(p => pattern.StartsWith(p, StringComparison.Ordinal)))
            || pattern.StartsWith("perf.", StringComparison.Ordinal) ? ["-c", sdt.Program] : [];
        if (Driver.RunCore(["-r", release, "-p2", .. target, "-e", $"probe {point} {{ println(1) }}"], new StringWriter(), stderr) != 0)
        {
            failures.Add(point + ": " + stderr);
        }
    }

    [Fact]
    public void AliasesShowWhatTheyExpandTo()
    {
        Assert.Contains("\nsyscall.read = nd_syscall.read\nsyscall.read.return = nd_syscall.read.return\n", Run("--dump-probe-aliases"));
    }

    [Fact]
    public void FunctionsShowTypesAndPrivilegeAndHideUnderscoreNamesUnlessVerbose()
    {
        var functions = Run("--dump-functions");
        Assert.Contains("\nexecname:string () /* unprivileged */\n", functions);
        Assert.Contains("\nexit:unknown () /* unprivileged */\n", functions);
        Assert.DoesNotContain("\n_", functions);
        var verbose = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["-v", "--dump-functions"], verbose, new StringWriter()));
        Assert.Contains("\n_", verbose.ToString());
    }

    [Fact]
    public void MacrosListTheTapsetsDefines()
    {
        var include = Directory.CreateTempSubdirectory("stapper-macros-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(include, "m.stpm"), "@define twice(x) %( (@x * 2) %)\n@define one %( 1 %)\n");
            var macros = Run("-I", include, "--dump-macros");
            Assert.Contains("\n@one\n", macros);
            Assert.Contains("\n@twice(x)\n", macros);
            Assert.DoesNotContain("@one", Run("--dump-macros"));
        }
        finally
        {
            Directory.Delete(include, true);
        }
    }

    // A shared library every Debian system has, with malloc in its dynamic symbols.
    private const string Libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";

    [GeneratedRegex(@"(module|process|library|function|trace|provider|mark|plt|procfs|hook|pf|priority|data|statement|counter)\(string\)")]
    private static partial Regex StringArgument();
}
