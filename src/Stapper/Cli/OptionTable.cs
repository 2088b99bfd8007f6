namespace Stapper.Cli;

/// <summary>Whether an option takes a value: none, always (<c>-p 2</c>, <c>--tmpdir=D</c>), or only as <c>--x=V</c>.</summary>
public enum OptionArgument
{
    None,
    Required,
    Optional,
}

/// <summary>Implemented: stap's meaning. Unsupported: rejected with <see cref="StapOption.Reason"/> and exit 1.</summary>
public enum OptionStatus
{
    Implemented,
    Unsupported,
}

/// <summary>
/// One command-line option: its short and long names, its value, the help line, and whether Stapper gives it stap's
/// meaning. Stapper's own options are marked; hidden ones are for stapper itself (the VM runner, tools).
/// </summary>
public sealed record StapOption(
    char? Short,
    string? Long,
    OptionArgument Argument,
    string? ArgumentName,
    string Help,
    OptionStatus Status = OptionStatus.Implemented,
    string? Reason = null,
    bool Stapper = false,
    bool Hidden = false)
{
    /// <summary>How messages name it: <c>-G</c>, else <c>--ldd</c>.</summary>
    public string Display => Short is { } c ? "-" + c : "--" + Long;

    /// <summary>The rejection every unsupported option (or value) gives, one wording everywhere.</summary>
    public static string NotSupported(string option, string reason) =>
        $"ERROR: option {option} is not supported by Stapper: {reason}";
}

/// <summary>
/// The one table of stap 4.8's options (and Stapper's own): the parser's syntax, --help, the man page and bash
/// completion all come from it. An option Stapper implements is handled in <see cref="CommandLine"/>; every other
/// one is rejected there with its reason, so none is silently ignored.
/// </summary>
public static class OptionTable
{
    private const OptionArgument None = OptionArgument.None;
    private const OptionArgument Required = OptionArgument.Required;
    private const OptionArgument Optional = OptionArgument.Optional;
    private const OptionStatus No = OptionStatus.Unsupported;

    private const string Servers = "there are no compile servers; stapper builds on this host";

    private const string Remote = "pass 5 runs on this host or in a local guest (--vm)";

    public static readonly IReadOnlyList<StapOption> All =
    [
        new('h', "help", None, null, "show this help"),
        new('V', "version", None, null, "show the version"),
        new('p', null, Required, "NUM", "stop after pass NUM: 1 parse, 2 elaborate, 3 translate, 4 compile, 5 run (the default)"),
        new('v', null, None, null, "more verbose (repeat for more)"),
        new(null, "vp", Required, "NNNNN", "verbosity per pass", No, "one verbosity for all passes: use -v"),
        new('k', null, None, null, "keep the temporary build directory"),
        new('u', null, None, null, "unoptimized: pass 2 elides nothing"),
        new('w', null, None, null, "suppress warnings"),
        new('W', null, None, null, "turn warnings into errors"),
        new('g', null, None, null, "guru mode: allow embedded C and writes to target variables"),
        new('P', null, None, null, "prologue searching for function probes (always)", No, "entry probes read arguments from registers at the function's entry, so there is no prologue to search"),
        new('b', null, None, null, "bulk mode: one output file per CPU, FILE_N with -o FILE, else stpd_cpuN (stap-merge joins them)"),
        new('s', null, Required, "NUM", "trace buffer size in megabytes"),
        new('I', null, Required, "DIR", "also look in DIR for tapset scripts"),
        new('D', null, Required, "NM=VAL", "define the C macro NM as VAL in the module"),
        new('B', null, Required, "NM=VAL", "pass NM=VAL to kbuild's make"),
        new(null, "modinfo", Required, "NM=VAL", "add MODULE_INFO(NM,VAL) to the module", No, "the module's C has no user MODULE_INFO lines"),
        new('G', null, Required, "VAR=VAL", "set the global variable VAR to VAL when the module loads"),
        new('R', null, Required, "DIR", "use the runtime in DIR instead of stapper's own"),
        new('r', null, Required, "DIR|RELEASE", "build for the kernel whose build tree is DIR, or /lib/modules/RELEASE/build"),
        new('a', null, Required, "ARCH", "build for ARCH (only the host's architecture)"),
        new('m', null, Required, "MODULE", "name the module MODULE"),
        new('o', null, Required, "FILE", "write the script's output to FILE"),
        new('e', null, Required, "SCRIPT", "run SCRIPT given on the command line"),
        new('E', null, Required, "SCRIPT", "run SCRIPT besides the main script", No, "one script per run: put it in the main script"),
        new('c', null, Required, "CMD", "start the probes, run CMD, exit when it exits"),
        new('x', null, Required, "PID", "set target() to PID"),
        new('F', null, None, null, "flight recorder: start the probes and detach, the module keeping its newest output for stapper -A; with -o FILE, a background stapper writes FILE (its pid is printed)"),
        new('S', null, Required, "SIZE[,N]", "with -o FILE: write FILE.0, FILE.1, ..., switching at SIZE megabytes and keeping the newest N"),
        new('d', null, Required, "OBJECT", "symbol and unwind data for OBJECT, a user-space executable or library (kernel and module symbols always come from kallsyms)"),
        new(null, "ldd", None, null, "add unwind and symbol data for the shared libraries used"),
        new(null, "all-modules", None, null, "symbol data for every module: always there, from kallsyms at run time"),
        new('t', null, None, null, "time every probe point: a probe hit report in cycles at the end of the run"),
        new('T', null, Required, "SECONDS", "stop the script after SECONDS"),
        new('q', null, None, null, "report tapset coverage", No, "the module keeps no tapset coverage"),
        new('i', "interactive", None, null, "interactive mode", No, "there is no interactive mode"),
        new('l', null, Required, "PROBE", "list the probe points PROBE matches"),
        new('L', null, Required, "PROBE", "list the probe points PROBE matches, with their variables and types"),
        new('J', null, Required, "ARG", "(no meaning in stap 4.8)", No, "stap 4.8 rejects it too", Hidden: true),
        new('j', null, None, null, "(no meaning in stap 4.8)", No, "stap 4.8 rejects it too", Hidden: true),
        new(null, "runtime", Required, "MODE", "pass-5 runtime: kernel (the only one)"),
        new(null, "bpf", None, null, "the BPF runtime", No, "Stapper builds kernel modules only"),
        new(null, "dyninst", None, null, "the Dyninst runtime", No, "Stapper builds kernel modules only"),
        new(null, "prologue-searching", Optional, "WHEN", "prologue searching for function probes", No, "entry probes read arguments from registers at the function's entry, so there is no prologue to search"),
        new(null, "privilege", Required, "LEVEL", "check the script against a privilege level", No, "modules are built and loaded by root only"),
        new(null, "unprivileged", None, null, "the same as --privilege=stapusr", No, "modules are built and loaded by root only"),
        new(null, "compatible", Required, "VERSION", "the language of SystemTap VERSION"),
        new(null, "check-version", None, null, "warn about version-dependent syntax", No, "no table of version-dependent syntax"),
        new(null, "skip-badvars", None, null, "read unresolvable target variables as zero"),
        new(null, "suppress-handler-errors", None, null, "a failing probe handler ends quietly: its error is counted, not printed, and never stops the session"),
        new(null, "suppress-time-limits", None, null, "lift MAXACTION and the lock-wait limit (guru mode; give -g first)"),
        new(null, "disable-cache", None, null, "neither read nor write the module cache"),
        new(null, "poison-cache", None, null, "rebuild the module even if cached, and cache it"),
        new(null, "clean-cache", None, null, "trim the module cache to its size limit, then exit"),
        new(null, "cache-size", Required, "MB", "set the module cache's size limit (its cache_mb_limit file), trim the cache to it, then exit", Stapper: true),
        new(null, "tmpdir", Required, "DIR", "build in a temporary directory under DIR"),
        new(null, "no-global-var-display", None, null, "do not print written-but-unread globals at the end"),
        new(null, "semantic-keep-going", None, null, "keep going after a semantic error", No, "pass 2 stops at its first failing stage"),
        new(null, "color", Optional, "WHEN", "colour diagnostics", No, "diagnostics are never coloured"),
        new(null, "colour", Optional, "WHEN", "colour diagnostics", No, "diagnostics are never coloured"),
        new(null, "use-server", Optional, "SERVER", "build on a compile server", No, Servers),
        new(null, "use-server-on-error", Optional, "yes|no", "retry on a compile server", No, Servers),
        new(null, "list-servers", Optional, "WHICH", "list compile servers", No, Servers),
        new(null, "trust-servers", Optional, "HOW", "trust compile servers", No, Servers),
        new(null, "use-http-server", Required, "URL", "build on an HTTP compile server", No, Servers),
        new(null, "client-options", None, null, "compile-server client options", No, Servers),
        new(null, "build-as", Optional, "USER", "build as USER", No, "stapper builds as the user running it"),
        new(null, "sign-module", Optional, "KEY", "sign the module", No, "modules are not signed"),
        new(null, "remote", Required, "HOST", "run pass 5 on HOST over ssh", No, Remote),
        new(null, "remote-prefix", None, null, "prefix remote output with a host index", No, Remote),
        new(null, "download-debuginfo", Optional, "WHEN", "download debuginfo through ABRT", No, "kernel functions resolve from BTF; see --prep for the -dbg package"),
        new(null, "dump-probe-types", None, null, "list the probe point patterns of every probe family"),
        new(null, "dump-probe-aliases", None, null, "list the tapsets' probe aliases and what they expand to"),
        new(null, "dump-functions", None, null, "list the tapsets' public functions with their declared types"),
        new(null, "dump-macros", None, null, "list the tapsets' @define macros", Stapper: true),
        new(null, "sysroot", Required, "DIR", "find the target's files under DIR", No, Remote),
        new(null, "sysenv", Required, "VAR=VALUE", "an environment variable on the target", No, Remote),
        new(null, "rlimit-as", Required, "N", "limit the translator's address space", No, "stapper sets no limits on itself"),
        new(null, "rlimit-cpu", Required, "N", "limit the translator's CPU time", No, "stapper sets no limits on itself"),
        new(null, "rlimit-nproc", Required, "N", "limit the translator's processes", No, "stapper sets no limits on itself"),
        new(null, "rlimit-stack", Required, "N", "limit the translator's stack", No, "stapper sets no limits on itself"),
        new(null, "rlimit-fsize", Required, "N", "limit the translator's file size", No, "stapper sets no limits on itself"),
        new(null, "save-uprobes", None, null, "save a uprobes.ko built from source", No, "stapper builds no uprobes.ko"),
        new(null, "target-namespaces", Required, "PID", "the target's namespaces are those of PID", No, "no namespace support"),
        new(null, "monitor", Optional, "INTERVAL", "monitor mode", No, "there is no monitor mode"),
        new(null, "example", None, null, "run a bundled example", No, "see stapper's examples/ directory"),
        new(null, "language-server", None, null, "run as a language server", No, "there is no language server"),
        new(null, "debug", None, null, "debug the script", No, "there is no script debugger"),
        new(null, "benchmark-sdt", None, null, "benchmark SDT probes", No, "no user-space SDT probes"),
        new(null, "benchmark-sdt-loops", Required, "N", "benchmark SDT loops", No, "no user-space SDT probes"),
        new(null, "benchmark-sdt-threads", Required, "N", "benchmark SDT threads", No, "no user-space SDT probes"),
        new(null, "prep", Optional, "install", "say what the kernel (-r, --vm[=KVER], else the running one) needs; =install installs the missing Debian packages", Stapper: true),
        new('A', null, Required, "MODULE", "attach to MODULE, left running by -F: relay its output; Ctrl-C or its exit() ends and unloads it", Stapper: true),
        new(null, "vm", Optional, "KVER", "run pass 5 in a throwaway QEMU guest of an installed kernel (default: the one linux-image-amd64 depends on, else the newest with headers)", Stapper: true),
        new(null, "vm-cpus", Required, "N", "--vm: the guest's vCPUs, 1-64 (default 2, or $STAPPER_VM_CPUS)", Stapper: true),
        new(null, "vm-mem", Required, "MB", "--vm: the guest's memory in megabytes, 128-65536 (default 1024)", Stapper: true),
        new(null, "vm-kernel-args", Required, "ARGS", "--vm: more words for the guest kernel's command line (after stapper's own, so they win)", Stapper: true),
        new(null, "print-man-page", None, null, "print stapper(1), generated from this table", Stapper: true, Hidden: true),
        new(null, "print-bash-completion", None, null, "print the bash completion script, generated from this table", Stapper: true, Hidden: true),
        new(null, "run-module", Required, "FILE.ko", "pass 5 only, of a module built earlier (what --vm runs in the guest)", Stapper: true, Hidden: true),
    ];

    /// <summary>The shown options as --help and the man page list them: stap's implemented, Stapper's own, stap's refused.</summary>
    public static (IReadOnlyList<StapOption> Implemented, IReadOnlyList<StapOption> Own, IReadOnlyList<StapOption> Unsupported) Listed()
    {
        var shown = All.Where(o => !o.Hidden).ToList();
        return (shown.Where(o => o.Status == OptionStatus.Implemented && !o.Stapper).ToList(),
            shown.Where(o => o.Stapper).ToList(),
            shown.Where(o => o.Status == OptionStatus.Unsupported).ToList());
    }

    public static StapOption? Short(char c) => All.FirstOrDefault(o => o.Short == c);

    /// <summary>getopt_long's lookup: an exact name, else the one option the prefix starts; several is ambiguous.</summary>
    public static IReadOnlyList<StapOption> Long(string name)
    {
        var exact = All.Where(o => o.Long == name).ToList();
        return exact.Count > 0 ? exact : [.. All.Where(o => o.Long is { } l && l.StartsWith(name, StringComparison.Ordinal))];
    }
}
