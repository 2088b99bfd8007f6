using System.Collections.Immutable;

namespace Stapper.Cli;

/// <summary>One run of stapper as the command line asked for it (stap's options and meanings).</summary>
public sealed record Invocation
{
    public string? ScriptFile { get; init; }
    public string? ScriptText { get; init; }
    public ImmutableArray<string> ScriptArguments { get; init; } = [];
    public int LastPass { get; init; } = 5;
    public int Verbosity { get; init; }
    public bool KeepTemporary { get; init; }
    public string? ModuleName { get; init; }
    public string? OutputFile { get; init; }
    public Stapper.Run.OutputRotation? Rotation { get; init; }

    /// <summary>-b: per-CPU output files.</summary>
    public bool BulkMode { get; init; }

    /// <summary>-F: start the probes and leave the module running (flight recorder).</summary>
    public bool FlightRecorder { get; init; }

    /// <summary>-A MODULE: take over a module that -F left running.</summary>
    public string? AttachModule { get; init; }

    /// <summary>--skip-badvars: unresolvable target variables read as 0 (pass 2 warns for each).</summary>
    public bool SkipBadVars { get; init; }

    /// <summary>-G VAR=VAL, in order: set when the module loads (a later one for the same VAR wins, as insmod has it).</summary>
    public ImmutableArray<string> GlobalSettings { get; init; } = [];
    public string? KernelRelease { get; init; }
    public bool GuruMode { get; init; }
    public ImmutableArray<string> IncludeDirectories { get; init; } = [];
    public ImmutableArray<KeyValuePair<string, string>> Defines { get; init; } = [];
    public string? TargetCommand { get; init; }

    /// <summary>-d FILE for user-space files, in order: their symbol and unwind data go into the module.</summary>
    public ImmutableArray<string> SymbolFiles { get; init; } = [];

    /// <summary>--ldd: the shared libraries of the embedded files too.</summary>
    public bool SharedLibraries { get; init; }
    public int? TargetPid { get; init; }
    public int BufferMegabytes { get; init; }
    public int? TimeoutSeconds { get; init; }
    public bool SuppressWarnings { get; init; }

    /// <summary>-u: pass 2's optimizer elides nothing (constants still fold, as in stap).</summary>
    public bool Unoptimized { get; init; }

    /// <summary>-W: warnings count as errors (a bad tapset then fails pass 1).</summary>
    public bool WarningsAsErrors { get; init; }

    /// <summary>--compatible=VERSION: the language of that SystemTap version (systemtap_v).</summary>
    public string CompatibleVersion { get; init; } = "5.2";
    public bool ShowHelp { get; init; }
    public bool ShowVersion { get; init; }

    /// <summary>--vm or --vm=KVER: run pass 5 in a QEMU guest of that kernel ("" = newest installed).</summary>
    public string? VirtualMachineKernel { get; init; }

    /// <summary>--vm-cpus, --vm-mem, --vm-kernel-args: the guest's machine (null: the defaults).</summary>
    public Vm.GuestMachine? GuestMachine { get; init; }

    /// <summary>--run-module=FILE.ko: pass 5 only, for a module built earlier (what --vm runs in the guest).</summary>
    public string? RunModule { get; init; }

    /// <summary>-R DIR: the C runtime to build with instead of stapper's own.</summary>
    public string? RuntimeDirectory { get; init; }

    /// <summary>-B NM=VAL: arguments for kbuild's make.</summary>
    public ImmutableArray<string> KbuildArguments { get; init; } = [];

    /// <summary>--disable-cache, --poison-cache: how pass 4 uses the module cache.</summary>
    public Build.CacheUse Cache { get; init; }

    /// <summary>--clean-cache: trim the module cache, then exit.</summary>
    public bool CleanCache { get; init; }

    /// <summary>--cache-size=MB: the cache's new size limit (implies the trim).</summary>
    public long? CacheLimitMegabytes { get; init; }

    /// <summary>--tmpdir=DIR: where pass 4's temporary build directory goes.</summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>--no-global-var-display: no end-of-run display of written-but-unread globals.</summary>
    public bool NoGlobalVariableDisplay { get; init; }

    /// <summary>--print-man-page, --print-bash-completion: print that document (make install's) and exit.</summary>
    public OptionDocument? PrintDocument { get; init; }

    /// <summary>-l PROBE / -L PROBE: list the probe points PROBE matches (-L: with their variables).</summary>
    public string? ListProbes { get; init; }

    public bool ListVariables { get; init; }

    /// <summary>The command line as given: the translation cache's key holds every option (Cli/TranslationKey).</summary>
    public ImmutableArray<string> Arguments { get; init; } = [];

    /// <summary>--dump-probe-types, --dump-probe-aliases, --dump-functions, --dump-macros.</summary>
    public DumpKind? Dump { get; init; }

    /// <summary>--prep ("check") or --prep=install ("install"): stap-prep's report, or the install too.</summary>
    public string? Prep { get; init; }
}
