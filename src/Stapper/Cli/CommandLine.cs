using System.Collections.Immutable;

namespace Stapper.Cli;

/// <summary>
/// Parses arguments as stap's getopt_long does: short options bundle (<c>-vvv</c>, <c>-p2</c>),
/// options and operands may mix, <c>--</c> ends options; the first operand is the script unless
/// <c>-e</c> gave one, and the rest are script arguments.
/// </summary>
public static class CommandLine
{
    /// <summary>Usage is set for getopt's own errors, which stap follows with its "Try '--help'" hint.</summary>
    public sealed record Result(Invocation? Invocation, string? Error, bool Usage = false);

    public static Result Parse(IReadOnlyList<string> args)
    {
        var invocation = new Invocation();
        var operands = new List<string>();
        var includes = ImmutableArray.CreateBuilder<string>();
        var defines = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        var globalSettings = ImmutableArray.CreateBuilder<string>();
        var kbuild = ImmutableArray.CreateBuilder<string>();
        var verbosity = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var (given, value) = arg.IndexOf('=') is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
                var matches = OptionTable.Long(given);
                if (matches.Count != 1)
                {
                    return new Result(null, matches.Count == 0
                        ? $"unrecognized option '{arg}'"
                        : $"option '--{given}' is ambiguous; possibilities:" + string.Concat(matches.Select(o => " '--" + o.Long + "'")), Usage: true);
                }
                var spec = matches[0];
                var name = spec.Long!;
                if (value is not null && spec.Argument == OptionArgument.None)
                {
                    return new Result(null, $"option '--{name}' doesn't allow an argument", Usage: true);
                }
                if (value is null && spec.Argument == OptionArgument.Required)
                {
                    if (i + 1 >= args.Count)
                    {
                        return new Result(null, $"option '--{name}' requires an argument", Usage: true);
                    }
                    value = args[++i];
                }
                if (name == "prologue-searching" && value is not (null or "always" or "auto" or "never"))
                {
                    return new Result(null, $"Invalid argument '{value}' for --prologue-searching.");
                }
                if (spec.Status == OptionStatus.Unsupported)
                {
                    return new Result(null, StapOption.NotSupported("--" + name, spec.Reason!));
                }
                switch (name)
                {
                    case "help":
                        invocation = invocation with { ShowHelp = true };
                        break;
                    case "version":
                        invocation = invocation with { ShowVersion = true };
                        break;
                    case "vm":
                        invocation = invocation with { VirtualMachineKernel = value ?? "" };
                        break;
                    case "run-module":
                        invocation = invocation with { RunModule = value };
                        break;
                    case "vm-cpus" when !int.TryParse(value, out var cpus) || cpus is < 1 or > 64:
                        return new Result(null, $"ERROR: --vm-cpus '{value}': give a number of vCPUs from 1 to 64");
                    case "vm-mem" when !int.TryParse(value, out var megabytes) || megabytes is < 128 or > 65536:
                        return new Result(null, $"ERROR: --vm-mem '{value}': give the guest's memory in megabytes, from 128 to 65536");
                    case "vm-cpus" or "vm-mem" or "vm-kernel-args":
                        var machine = invocation.GuestMachine ?? new Vm.GuestMachine(null, null, null);
                        invocation = invocation with
                        {
                            GuestMachine = name switch
                            {
                                "vm-cpus" => machine with { Cpus = int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture) },
                                "vm-mem" => machine with { MemoryMegabytes = int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture) },
                                _ => machine with { KernelArguments = value },
                            },
                        };
                        break;
                    case "compatible":
                        invocation = invocation with { CompatibleVersion = value! };
                        break;
                    case "runtime" when value != "kernel":
                        return new Result(null, StapOption.NotSupported("--runtime=" + value, "Stapper builds kernel modules only"));
                    case "disable-cache":
                        invocation = invocation with { Cache = Build.CacheUse.Disabled };
                        break;
                    case "poison-cache":
                        invocation = invocation with { Cache = Build.CacheUse.Poisoned };
                        break;
                    case "clean-cache":
                        invocation = invocation with { CleanCache = true };
                        break;
                    case "cache-size" when !long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _):
                        return new Result(null, $"ERROR: --cache-size '{value}': give the limit in megabytes");
                    case "cache-size":
                        invocation = invocation with { CleanCache = true, CacheLimitMegabytes = long.Parse(value!, System.Globalization.CultureInfo.InvariantCulture) };
                        break;
                    case "tmpdir":
                        invocation = invocation with { TemporaryDirectory = value };
                        break;
                    case "print-man-page":
                        invocation = invocation with { PrintDocument = OptionDocument.ManPage };
                        break;
                    case "print-bash-completion":
                        invocation = invocation with { PrintDocument = OptionDocument.BashCompletion };
                        break;
                    case "dump-probe-types" or "dump-probe-aliases" or "dump-functions" or "dump-macros":
                        invocation = invocation with
                        {
                            Dump = name switch
                            {
                                "dump-probe-types" => DumpKind.ProbeTypes,
                                "dump-probe-aliases" => DumpKind.ProbeAliases,
                                "dump-functions" => DumpKind.Functions,
                                _ => DumpKind.Macros,
                            },
                        };
                        break;
                    case "prep" when value is not (null or "install"):
                        return new Result(null, $"Invalid argument '{value}' for --prep.");
                    case "prep":
                        invocation = invocation with { Prep = value ?? "check" };
                        break;
                    case "skip-badvars":
                        invocation = invocation with { SkipBadVars = true };
                        defines.Add(new("STP_SKIP_BADVARS", ""));
                        break;
                    case "suppress-handler-errors":
                        defines.Add(new("STAP_SUPPRESS_HANDLER_ERRORS", ""));
                        break;
                    // As in stap, -g must come before it on the command line.
                    case "suppress-time-limits" when !invocation.GuruMode:
                        return new Result(null, "ERROR --suppress-time-limits requires guru mode (-g)");
                    case "suppress-time-limits":
                        defines.Add(new("STAP_SUPPRESS_TIME_LIMITS_ENABLE", ""));
                        break;
                    case "all-modules":
                        break;
                    case "ldd":
                        invocation = invocation with { SharedLibraries = true };
                        break;
                    case "no-global-var-display":
                        invocation = invocation with { NoGlobalVariableDisplay = true };
                        break;
                }
                continue;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                operands.Add(arg);
                continue;
            }
            for (var j = 1; j < arg.Length; j++)
            {
                var option = arg[j];
                var shortSpec = OptionTable.Short(option);
                if (shortSpec is null)
                {
                    return new Result(null, $"invalid option -- '{option}'", Usage: true);
                }
                if (shortSpec.Status == OptionStatus.Unsupported)
                {
                    return new Result(null, StapOption.NotSupported("-" + option, shortSpec.Reason!));
                }
                if (shortSpec.Argument == OptionArgument.None)
                {
                    invocation = option switch
                    {
                        'h' => invocation with { ShowHelp = true },
                        'V' => invocation with { ShowVersion = true },
                        'k' => invocation with { KeepTemporary = true },
                        'g' => invocation with { GuruMode = true },
                        'w' => invocation with { SuppressWarnings = true },
                        'W' => invocation with { WarningsAsErrors = true },
                        'u' => invocation with { Unoptimized = true },
                        'b' => invocation with { BulkMode = true },
                        'F' => invocation with { FlightRecorder = true },
                        _ => invocation,
                    };
                    if (option == 'v')
                    {
                        verbosity++;
                    }
                    if (option == 't' && !defines.Any(d => d.Key == "STP_TIMING"))
                    {
                        defines.Add(new("STP_TIMING", ""));
                    }
                    continue;
                }
                string value;
                if (j + 1 < arg.Length)
                {
                    value = arg[(j + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    return new Result(null, $"option requires an argument -- '{option}'", Usage: true);
                }
                switch (option)
                {
                    case 'p':
                        if (!int.TryParse(value, out var pass) || pass is < 1 or > 5)
                        {
                            return new Result(null, "Invalid pass number (should be 1-5).");
                        }
                        invocation = invocation with { LastPass = pass };
                        break;
                    case 'e':
                        if (invocation.ScriptText is not null)
                        {
                            return new Result(null, "Only one script can be given on the command line.");
                        }
                        invocation = invocation with { ScriptText = value };
                        break;
                    case 'I':
                        includes.Add(value);
                        break;
                    case 'D':
                        var eq = value.IndexOf('=');
                        defines.Add(eq < 0 ? new(value, "") : new(value[..eq], value[(eq + 1)..]));
                        break;
                    case 'G' when !System.Text.RegularExpressions.Regex.IsMatch(value, GlobalSettingPattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase):
                        return new Result(null, $"ERROR: Safety pattern mismatch for -G parameter ('{value}' vs. '{GlobalSettingPattern}') rc=1");
                    case 'G':
                        globalSettings.Add(value);
                        break;
                    case 'o':
                        invocation = invocation with { OutputFile = value };
                        break;
                    case 'S' when !System.Text.RegularExpressions.Regex.IsMatch(value, Stapper.Run.OutputRotation.Pattern):
                        return new Result(null, $"ERROR: Safety pattern mismatch for -S parameter ('{value}' vs. '{Stapper.Run.OutputRotation.Pattern}') rc=1");
                    case 'S':
                        invocation = invocation with { Rotation = Stapper.Run.OutputRotation.Parse(value) };
                        break;
                    case 'r':
                        invocation = invocation with { KernelRelease = value };
                        break;
                    case 'm':
                        invocation = invocation with { ModuleName = value };
                        break;
                    case 'c':
                        invocation = invocation with { TargetCommand = value };
                        break;
                    case 'x':
                        if (!int.TryParse(value, out var pid) || pid <= 0)
                        {
                            return new Result(null, $"Invalid target process ID number '{value}'.");
                        }
                        invocation = invocation with { TargetPid = pid };
                        break;
                    case 's':
                        if (!int.TryParse(value, out var mb) || mb is < 1 or > 4095)
                        {
                            return new Result(null, "Invalid buffer size (should be 1-4095).");
                        }
                        invocation = invocation with { BufferMegabytes = mb };
                        break;
                    case 'l' or 'L':
                        invocation = invocation with { ListProbes = value, ListVariables = option == 'L' };
                        break;
                    case 'R':
                        invocation = invocation with { RuntimeDirectory = value };
                        break;
                    case 'B':
                        kbuild.Add(value);
                        break;
                    case 'a' when value != TargetKernel.Architecture:
                        return new Result(null, StapOption.NotSupported("-a " + value, $"it builds for the host's architecture ({TargetKernel.Architecture}) only"));
                    // Kernel and module symbols come from kallsyms at run time, so -d for them has nothing to add.
                    case 'd' when !KernelSymbolObject(value):
                        invocation = invocation with { SymbolFiles = invocation.SymbolFiles.Add(value) };
                        break;
                    case 'A':
                        invocation = invocation with { AttachModule = value };
                        break;
                    case 'T':
                        if (!int.TryParse(value, out var seconds) || seconds <= 0)
                        {
                            return new Result(null, $"Invalid timeout '{value}'.");
                        }
                        invocation = invocation with { TimeoutSeconds = seconds };
                        break;
                }
                break;
            }
        }
        if (invocation.ScriptText is null && operands.Count > 0)
        {
            invocation = invocation with { ScriptFile = operands[0] };
            operands.RemoveAt(0);
        }
        if (invocation.TargetCommand is not null && invocation.TargetPid is not null)
        {
            return new Result(null, "You can't specify -c and -x options together.");
        }
        if (OutputModeConflict(invocation) is { } conflict)
        {
            return new Result(null, conflict);
        }
        return new Result(invocation with
        {
            ScriptArguments = [.. operands],
            Verbosity = verbosity,
            IncludeDirectories = includes.ToImmutable(),
            Defines = defines.ToImmutable(),
            GlobalSettings = globalSettings.ToImmutable(),
            KbuildArguments = kbuild.ToImmutable(),
        }, null);
    }

    /// <summary>The -b, -F and -A combinations Stapper refuses, each with its reason.</summary>
    private static string? OutputModeConflict(Invocation invocation) => invocation switch
    {
        { BulkMode: true, Rotation: not null } => StapOption.NotSupported("-S with -b", "bulk mode writes one file per CPU and does not rotate them"),
        { FlightRecorder: true, VirtualMachineKernel: not null } => StapOption.NotSupported("-F with --vm", "the guest ends with the run, so no module stays loaded for stapper -A"),
        { FlightRecorder: true, TargetCommand: not null } => StapOption.NotSupported("-F with -c", "a detached module has no command to wait for"),
        { GuestMachine: not null, VirtualMachineKernel: null } => "ERROR: --vm-cpus, --vm-mem and --vm-kernel-args set up the guest of --vm: give --vm too",
        { AttachModule: not null, VirtualMachineKernel: not null } => StapOption.NotSupported("-A with --vm", "a guest's modules end with its run"),
        { AttachModule: not null, ScriptFile: not null } or { AttachModule: not null, ScriptText: not null } => "ERROR: -A takes the name of a running module, not a script",
        _ => null,
    };

    /// <summary>What <c>-G</c> accepts, as stap checks it (case aside): the value goes into the module's load parameters.</summary>
    private const string GlobalSettingPattern = "^[a-z_][a-z0-9_]*=[a-z0-9_.-]+$";

    /// <summary><c>-d</c>'s object is the kernel or a module (a name, or a <c>.ko</c> file), not a user binary.</summary>
    private static bool KernelSymbolObject(string value) =>
        value == "kernel" || !value.Contains('/') || value.EndsWith(".ko", StringComparison.Ordinal) || value.EndsWith(".ko.xz", StringComparison.Ordinal);
}
