using Stapper.Cli;

namespace Stapper.Tests.Cli;

/// <summary>Every option of the table: implemented ones change the invocation, the others are rejected with one wording.</summary>
public class OptionTableTests
{
    private const string Script = "probe begin {}";

    /// <summary>Per implemented option: a value to give it (if it takes one) and what the invocation must then say.</summary>
    private static readonly Dictionary<string, (string? Value, Func<Invocation, bool> Effect)> Implemented = new()
    {
        ["-h"] = (null, i => i.ShowHelp),
        ["--help"] = (null, i => i.ShowHelp),
        ["-V"] = (null, i => i.ShowVersion),
        ["--version"] = (null, i => i.ShowVersion),
        ["-p"] = ("3", i => i.LastPass == 3),
        ["-v"] = (null, i => i.Verbosity == 1),
        ["-k"] = (null, i => i.KeepTemporary),
        ["-u"] = (null, i => i.Unoptimized),
        ["-w"] = (null, i => i.SuppressWarnings),
        ["-W"] = (null, i => i.WarningsAsErrors),
        ["-g"] = (null, i => i.GuruMode),
        ["-s"] = ("8", i => i.BufferMegabytes == 8),
        ["-I"] = ("/tmp/t", i => i.IncludeDirectories.SequenceEqual(["/tmp/t"])),
        ["-D"] = ("A=1", i => i.Defines.Single().Equals(new KeyValuePair<string, string>("A", "1"))),
        ["-B"] = ("V=1", i => i.KbuildArguments.SequenceEqual(["V=1"])),
        ["-G"] = ("count=0x10", i => i.GlobalSettings.SequenceEqual(["count=0x10"])),
        ["-R"] = ("/tmp/rt", i => i.RuntimeDirectory == "/tmp/rt"),
        ["-r"] = ("6.1.0-57-amd64", i => i.KernelRelease == "6.1.0-57-amd64"),
        ["-a"] = (TargetKernel.Architecture, i => true),
        ["-m"] = ("mod", i => i.ModuleName == "mod"),
        ["-o"] = ("/tmp/out", i => i.OutputFile == "/tmp/out"),
        ["-e"] = ("probe end {}", i => i.ScriptText == "probe end {}"),
        ["-c"] = ("true", i => i.TargetCommand == "true"),
        ["-x"] = ("42", i => i.TargetPid == 42),
        ["-l"] = ("begin", i => i.ListProbes == "begin" && !i.ListVariables),
        ["-L"] = ("begin", i => i.ListProbes == "begin" && i.ListVariables),
        ["--dump-probe-types"] = (null, i => i.Dump == DumpKind.ProbeTypes),
        ["--dump-probe-aliases"] = (null, i => i.Dump == DumpKind.ProbeAliases),
        ["--dump-functions"] = (null, i => i.Dump == DumpKind.Functions),
        ["--dump-macros"] = (null, i => i.Dump == DumpKind.Macros),
        ["--prep"] = (null, i => i.Prep == "check"),
        ["-T"] = ("5", i => i.TimeoutSeconds == 5),
        ["--runtime"] = ("kernel", i => true),
        ["--compatible"] = ("1.0", i => i.CompatibleVersion == "1.0"),
        ["--skip-badvars"] = (null, i => i.SkipBadVars),
        // Accepted without effect: kernel and module symbols come from kallsyms at run time.
        ["-d"] = ("ext4", i => true),
        ["--all-modules"] = (null, i => true),
        ["--ldd"] = (null, i => i.SharedLibraries),
        ["-t"] = (null, i => i.Defines.Contains(new("STP_TIMING", ""))),
        ["--disable-cache"] = (null, i => i.Cache == Stapper.Build.CacheUse.Disabled),
        ["--poison-cache"] = (null, i => i.Cache == Stapper.Build.CacheUse.Poisoned),
        ["--clean-cache"] = (null, i => i.CleanCache),
        ["--cache-size"] = ("64", i => i.CleanCache && i.CacheLimitMegabytes == 64),
        ["--tmpdir"] = ("/tmp", i => i.TemporaryDirectory == "/tmp"),
        ["--no-global-var-display"] = (null, i => i.NoGlobalVariableDisplay),
        ["--vm"] = (null, i => i.VirtualMachineKernel == ""),
        ["--print-man-page"] = (null, i => i.PrintDocument == OptionDocument.ManPage),
        ["--print-bash-completion"] = (null, i => i.PrintDocument == OptionDocument.BashCompletion),
        ["--run-module"] = ("x.ko", i => i.RunModule == "x.ko"),
        ["--vm-cpus"] = ("1", i => i.GuestMachine == new Stapper.Vm.GuestMachine(1, null, null)),
        ["--vm-mem"] = ("512", i => i.GuestMachine == new Stapper.Vm.GuestMachine(null, 512, null)),
        ["--vm-kernel-args"] = ("nokaslr", i => i.GuestMachine == new Stapper.Vm.GuestMachine(null, null, "nokaslr")),
        ["-b"] = (null, i => i.BulkMode),
        ["-F"] = (null, i => i.FlightRecorder),
        ["-A"] = ("stap_x", i => i.AttachModule == "stap_x"),
        ["-S"] = ("2,5", i => i.Rotation == new Stapper.Run.OutputRotation(2L << 20, 5)),
        ["--suppress-handler-errors"] = (null, i => i.Defines.Contains(new("STAP_SUPPRESS_HANDLER_ERRORS", ""))),
        ["--suppress-time-limits"] = (null, i => i.GuruMode && i.Defines.Contains(new("STAP_SUPPRESS_TIME_LIMITS_ENABLE", ""))),
    };

    public static TheoryData<string> ImplementedNames()
    {
        var data = new TheoryData<string>();
        foreach (var option in OptionTable.All.Where(o => o.Status == OptionStatus.Implemented))
        {
            foreach (var name in Names(option))
            {
                data.Add(name);
            }
        }
        return data;
    }

    public static TheoryData<string> UnsupportedNames()
    {
        var data = new TheoryData<string>();
        foreach (var option in OptionTable.All.Where(o => o.Status == OptionStatus.Unsupported))
        {
            foreach (var name in Names(option))
            {
                data.Add(name);
            }
        }
        return data;
    }

    private static IEnumerable<string> Names(StapOption option) =>
        new[] { option.Short is { } c ? "-" + c : null, option.Long is { } l ? "--" + l : null }.OfType<string>();

    private static StapOption Spec(string name) =>
        name.StartsWith("--", StringComparison.Ordinal) ? OptionTable.Long(name[2..]).Single() : OptionTable.Short(name[1])!;

    [Theory]
    [MemberData(nameof(ImplementedNames))]
    public void ImplementedOptionHasItsEffect(string name)
    {
        Assert.True(Implemented.TryGetValue(name, out var expected), $"{name} is implemented but has no test here");
        string[] args = expected.Value is null ? [name] : name.StartsWith("--", StringComparison.Ordinal) ? [name + "=" + expected.Value] : [name, expected.Value];
        // --suppress-time-limits needs guru mode given before it, as in stap.
        string[] before = name == "--suppress-time-limits" ? ["-g"] : name.StartsWith("--vm-", StringComparison.Ordinal) ? ["--vm"] : [];
        var result = CommandLine.Parse([.. before, .. args, "-e", Script]);
        if (name is "-e" or "-A")
        {
            result = CommandLine.Parse(args);
        }
        Assert.Null(result.Error);
        Assert.True(expected.Effect(result.Invocation!), $"{name} had no effect on the invocation");
    }

    [Fact]
    public void DashDCollectsUserFilesAndIgnoresKernelObjects()
    {
        var result = CommandLine.Parse(["-d", "/bin/ls", "-d", "ext4", "-d", "/usr/lib/x86_64-linux-gnu/libc.so.6", "-e", Script]);
        Assert.Null(result.Error);
        Assert.Equal(["/bin/ls", "/usr/lib/x86_64-linux-gnu/libc.so.6"], result.Invocation!.SymbolFiles.ToArray());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,")]
    [InlineData("-1")]
    public void ABadSizeIsStapsSafetyPatternError(string value) =>
        Assert.Equal($"ERROR: Safety pattern mismatch for -S parameter ('{value}' vs. '^[0-9]+(,[0-9]+)?$') rc=1",
            CommandLine.Parse(["-S", value, "-e", Script]).Error);

    [Theory]
    [InlineData("x=a b")]
    [InlineData("9x=1")]
    [InlineData("x=")]
    [InlineData("x")]
    public void ABadGlobalSettingIsStapsSafetyPatternError(string value) =>
        Assert.Equal($"ERROR: Safety pattern mismatch for -G parameter ('{value}' vs. '^[a-z_][a-z0-9_]*=[a-z0-9_.-]+$') rc=1",
            CommandLine.Parse(["-G", value, "-e", Script]).Error);

    [Fact]
    public void AttachTakesAModuleNotAScript() =>
        Assert.Equal("ERROR: -A takes the name of a running module, not a script", CommandLine.Parse(["-A", "stap_x", "-e", Script]).Error);

    [Fact]
    public void BulkAndFlightRecorderReachTheGuestsCommand()
    {
        var options = new Stapper.Run.RunOptions(null, null, null, null, 0, 0) { Bulk = true, FlightRecorder = true };
        Assert.Equal(["--run-module=/m.ko", "-b", "-F"], Stapper.Run.RunModuleCommand.Arguments("/m.ko", options));
    }

    [Fact]
    public void GlobalSettingsReachTheGuestsCommandInOrder()
    {
        var options = new Stapper.Run.RunOptions(null, null, null, null, 0, 0) { GlobalSettings = ["a=1", "B=x.y"] };
        Assert.Equal(["--run-module=/m.ko", "-G", "a=1", "-G", "B=x.y"], Stapper.Run.RunModuleCommand.Arguments("/m.ko", options));
    }

    [Theory]
    [InlineData("--suppress-time-limits", "-g")]
    [InlineData("--suppress-time-limits")]
    public void SuppressTimeLimitsWithoutGuruModeBeforeItIsStapsError(params string[] args)
    {
        var result = CommandLine.Parse([.. args, "-e", Script]);
        Assert.Equal("ERROR --suppress-time-limits requires guru mode (-g)", result.Error);
    }

    [Theory]
    [MemberData(nameof(UnsupportedNames))]
    public void UnsupportedOptionIsRejected(string name)
    {
        var spec = Spec(name);
        string[] args = spec.Argument == OptionArgument.Required ? [name, "x"] : [name];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["-p1", .. args, "-e", Script], stdout, stderr));
        Assert.Equal($"ERROR: option {name} is not supported by Stapper: {spec.Reason}\n", stderr.ToString());
        Assert.Equal("", stdout.ToString());
    }

    [Theory]
    [InlineData(new[] { "--runtime=bpf" }, "ERROR: option --runtime=bpf is not supported by Stapper: Stapper builds kernel modules only\n")]
    [InlineData(new[] { "--runtime", "dyninst" }, "ERROR: option --runtime=dyninst is not supported by Stapper: Stapper builds kernel modules only\n")]
    [InlineData(new[] { "-a", "arm" }, "ERROR: option -a arm is not supported by Stapper: it builds for the host's architecture (x86_64) only\n")]
    [InlineData(new[] { "-vF", "--vm" }, "ERROR: option -F with --vm is not supported by Stapper: the guest ends with the run, so no module stays loaded for stapper -A\n")]
    [InlineData(new[] { "--cache-size=-1" }, "ERROR: --cache-size '-1': give the limit in megabytes\n")]
    [InlineData(new[] { "--vm-cpus=1" }, "ERROR: --vm-cpus, --vm-mem and --vm-kernel-args set up the guest of --vm: give --vm too\n")]
    [InlineData(new[] { "--vm", "--vm-cpus=65" }, "ERROR: --vm-cpus '65': give a number of vCPUs from 1 to 64\n")]
    [InlineData(new[] { "--vm", "--vm-mem=lots" }, "ERROR: --vm-mem 'lots': give the guest's memory in megabytes, from 128 to 65536\n")]
    [InlineData(new[] { "-F", "-c", "true" }, "ERROR: option -F with -c is not supported by Stapper: a detached module has no command to wait for\n")]
    [InlineData(new[] { "-b", "-o", "f", "-S", "1" }, "ERROR: option -S with -b is not supported by Stapper: bulk mode writes one file per CPU and does not rotate them\n")]
    [InlineData(new[] { "-A", "stap_x", "--vm=6.1" }, "ERROR: option -A with --vm is not supported by Stapper: a guest's modules end with its run\n")]
    public void UnsupportedValuesAndSpellings(string[] args, string expected)
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["-p1", .. args, "-e", Script], new StringWriter(), stderr));
        Assert.Equal(expected, stderr.ToString());
    }

    [Theory]
    [InlineData("--use", "stapper: option '--use' is ambiguous; possibilities: '--use-server' '--use-server-on-error' '--use-http-server'\n")]
    [InlineData("--skip-badvars=1", "stapper: option '--skip-badvars' doesn't allow an argument\n")]
    [InlineData("--tmpdir", "stapper: option '--tmpdir' requires an argument\n")]
    public void LongOptionSyntaxErrorsAreGetopts(string arg, string expected)
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore([arg], new StringWriter(), stderr));
        Assert.StartsWith(expected, stderr.ToString());
        Assert.Contains("Try '--help'", stderr.ToString());
    }

    [Fact]
    public void UniqueLongPrefixesWork()
    {
        Assert.True(CommandLine.Parse(["--no-global", "-e", Script]).Invocation!.NoGlobalVariableDisplay);
    }

    [Fact]
    public void HelpManPageAndCompletionNameEveryVisibleOption()
    {
        var help = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["--help"], help, new StringWriter()));
        var man = OptionDocuments.ManPage();
        var completion = OptionDocuments.BashCompletion();
        foreach (var option in OptionTable.All.Where(o => !o.Hidden))
        {
            Assert.Contains("   " + Usage.Synopsis(option), help.ToString());
            Assert.Contains(".B " + Usage.Synopsis(option).Replace("-", "\\-"), man);
            if (option.Status == OptionStatus.Implemented)
            {
                var word = System.Text.RegularExpressions.Regex.Escape(option.Short is { } c ? "-" + c : "--" + option.Long);
                Assert.Matches("[\" ]" + word + "[ \"=]", completion);
            }
        }
        Assert.DoesNotContain("--run-module", help.ToString());
    }

    [Fact]
    public void EveryOptionOfStapFourEightIsInTheTable()
    {
        // stap 4.8's getopt string and long options (cmdline.h, cmdline.cxx): each is implemented or rejected.
        const string ShortOptions = "hVvtpIeEoRramkgPcxDbsuqiwldLFSBJjWGT";
        string[] longOptions =
        [
            "skip-badvars", "vp", "unprivileged", "build-as", "client-options", "help", "disable-cache", "poison-cache", "clean-cache",
            "compatible", "ldd", "use-server", "list-servers", "trust-servers", "use-server-on-error", "use-http-server", "all-modules",
            "sign-module", "remote", "remote-prefix", "check-version", "version", "tmpdir", "download-debuginfo", "dump-probe-types",
            "dump-probe-aliases", "dump-functions", "privilege", "suppress-handler-errors", "modinfo", "rlimit-as", "rlimit-cpu",
            "rlimit-nproc", "rlimit-stack", "rlimit-fsize", "sysroot", "sysenv", "suppress-time-limits", "runtime", "dyninst", "bpf",
            "benchmark-sdt", "benchmark-sdt-loops", "benchmark-sdt-threads", "color", "colour", "prologue-searching", "save-uprobes",
            "target-namespaces", "monitor", "interactive", "example", "no-global-var-display", "language-server", "debug",
            "semantic-keep-going",
        ];
        Assert.All(ShortOptions, c => Assert.NotNull(OptionTable.Short(c)));
        Assert.All(longOptions, l => Assert.Contains(OptionTable.All, o => o.Long == l));
        Assert.All(OptionTable.All.Where(o => o.Status == OptionStatus.Unsupported), o => Assert.False(string.IsNullOrEmpty(o.Reason)));
    }

    [Fact]
    public void NoGlobalVarDisplayDropsTheEndOfRunPrint()
    {
        const string Globals = "global x probe begin { x = 1; exit() }";
        var shown = new StringWriter();
        var hidden = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["-v", "-p2", "-e", Globals], shown, new StringWriter()));
        Assert.Equal(0, Driver.RunCore(["-v", "-p2", "--no-global-var-display", "-e", Globals], hidden, new StringWriter()));
        Assert.Contains("\nend /* <- end */\n{\n  printf(\"x=%d\\n\", x)\n}\n", shown.ToString());
        Assert.DoesNotContain("\nend /* <- end */\n", hidden.ToString());
    }

    [Fact]
    public void TimingKeepsEmptyProbes()
    {
        // As stap (PR10070): under -t an empty probe is not elided, so the hit report counts it.
        const string Empty = "probe begin { } probe end { println(1) }";
        var plain = new StringWriter();
        var timed = new StringWriter();
        var timedOut = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["-p2", "-e", Empty], new StringWriter(), plain));
        Assert.Equal(0, Driver.RunCore(["-p2", "-t", "-e", Empty], timedOut, timed));
        Assert.Contains("WARNING: Probe 'begin' has been elided", plain.ToString());
        Assert.Equal("", timed.ToString());
        Assert.StartsWith("# probes\nbegin /* <- begin */\nend /* <- end */\n", timedOut.ToString());
    }
}
