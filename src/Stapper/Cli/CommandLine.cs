using System.Collections.Immutable;

namespace Stapper.Cli;

/// <summary>
/// Parses arguments as stap's getopt_long does: short options bundle (<c>-vvv</c>, <c>-p2</c>),
/// options and operands may mix, <c>--</c> ends options; the first operand is the script unless
/// <c>-e</c> gave one, and the rest are script arguments.
/// </summary>
public static class CommandLine
{
    private const string WithArgument = "pIeEoRramcxDslLdSBJGT";
    private const string Flags = "hVvtkgPbuqiwFjW";

    /// <summary>Usage is set for getopt's own errors, which stap follows with its "Try '--help'" hint.</summary>
    public sealed record Result(Invocation? Invocation, string? Error, bool Usage = false);

    /// <summary>stap's other long options: accepted, and without effect here.</summary>
    private static readonly HashSet<string> AcceptedLongOptions =
    [
        "skip-badvars", "vp", "unprivileged", "disable-cache", "poison-cache", "clean-cache", "ldd", "all-modules",
        "check-version", "tmpdir", "download-debuginfo", "privilege", "suppress-handler-errors", "modinfo",
        "rlimit-as", "rlimit-cpu", "rlimit-nproc", "rlimit-stack", "rlimit-fsize", "sysroot", "sysenv",
        "suppress-time-limits", "runtime", "color", "colour", "prologue-searching", "save-uprobes",
        "target-namespaces", "no-global-var-display", "semantic-keep-going",
    ];

    private static readonly HashSet<string> LongOptionsWithValue =
        ["tmpdir", "privilege", "modinfo", "rlimit-as", "rlimit-cpu", "rlimit-nproc", "rlimit-stack", "rlimit-fsize", "sysroot", "sysenv", "runtime", "target-namespaces"];

    public static Result Parse(IReadOnlyList<string> args)
    {
        var invocation = new Invocation();
        var operands = new List<string>();
        var includes = ImmutableArray.CreateBuilder<string>();
        var defines = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
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
                var (name, value) = arg.IndexOf('=') is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
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
                    case "run-module" when value is not null:
                        invocation = invocation with { RunModule = value };
                        break;
                    case "compatible":
                        if (value is null && i + 1 < args.Count)
                        {
                            value = args[++i];
                        }
                        invocation = invocation with { CompatibleVersion = value ?? invocation.CompatibleVersion };
                        break;
                    case "prologue-searching" when value is not (null or "always" or "auto" or "never"):
                        return new Result(null, $"Invalid argument '{value}' for --prologue-searching.");
                    case var known when AcceptedLongOptions.Contains(known):
                        if (value is null && LongOptionsWithValue.Contains(known) && i + 1 < args.Count)
                        {
                            i++;
                        }
                        break;
                    default:
                        return new Result(null, $"unrecognized option '{arg}'", Usage: true);
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
                if (Flags.Contains(option))
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
                        _ => invocation,
                    };
                    if (option == 'v')
                    {
                        verbosity++;
                    }
                    continue;
                }
                if (!WithArgument.Contains(option))
                {
                    return new Result(null, $"invalid option -- '{option}'", Usage: true);
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
                    case 'o':
                        invocation = invocation with { OutputFile = value };
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
        return new Result(invocation with
        {
            ScriptArguments = [.. operands],
            Verbosity = verbosity,
            IncludeDirectories = includes.ToImmutable(),
            Defines = defines.ToImmutable(),
        }, null);
    }
}
