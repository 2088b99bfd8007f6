using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Cli;

/// <summary>The pipeline of one invocation: each pass's result feeds the next; -pN stops after pass N.</summary>
internal sealed partial class Passes(Invocation invocation, TextWriter stdout, TextWriter stderr)
{
    private readonly DiagnosticRenderer _renderer = new();
    private readonly DuplicateFilter _duplicates = new(invocation.Verbosity > 0);

    /// <summary>Warnings shown so far: under -W each counts as an error, as stap's error count adds them.</summary>
    private int _warningsShown;

    public int Run()
    {
        try
        {
            var status = RunPasses();
            stderr.Write(_duplicates.Summary());
            return status;
        }
        finally
        {
            if (_translation is not null)
            {
                DebugInfo.FilesRead.End();
            }
        }
    }

    private int RunPasses()
    {
        var kernel = TargetKernelFor(invocation);
        if (kernel is null)
        {
            return 1;
        }

        if (TranslationFromCache(kernel) is { } status)
        {
            return status;
        }
        var timer = new PassTimer();
        var parse = Parse(kernel);
        if (parse is null)
        {
            return 1;
        }
        if (invocation.Verbosity > 0)
        {
            stderr.WriteLine($"Pass 1: parsed user script and {parse.LibraryScripts} library scripts {PassTimer.Memory()}{timer.Times()}");
        }
        if (parse.Script is null || parse.Diagnostics.Any(d => d.IsError) || (invocation.WarningsAsErrors && _warningsShown > 0))
        {
            stderr.WriteLine("Pass 1: parse failed.  [man error::pass1]");
            return 1;
        }
        if (invocation.Dump is { } dump)
        {
            return Dump(parse, dump);
        }
        if (invocation.ListProbes is not null)
        {
            return ListProbes(parse, kernel, invocation.ListVariables);
        }
        if (invocation.LastPass == 1)
        {
            stdout.Write(SyntaxPrinter.Print(parse.Script));
            return 0;
        }

        timer = new PassTimer();
        var elaboration = Elaborate(parse, kernel);
        if (elaboration.Program is null && parse.LibraryPartial && elaboration.Diagnostics.Any(d => d.IsError && LibraryWideCodes.Contains(d.Code)))
        {
            // The suggestions for an unknown function or probe point draw on every tapset file: elaborate again
            // against the whole library, so the diagnostics are those of a run that parsed it all.
            if (Parse(kernel, wholeLibrary: true, report: false) is { Script: not null } whole)
            {
                elaboration = Elaborate(whole, kernel);
            }
        }
        Report(elaboration.Diagnostics);
        if (elaboration.Program is not { } program || (invocation.WarningsAsErrors && _warningsShown > 0))
        {
            stderr.WriteLine("Pass 2: analysis failed.  [man error::pass2]");
            return 1;
        }
        if (invocation.Verbosity > 0)
        {
            stderr.WriteLine($"Pass 2: analyzed script: {Plural(program.Probes.Length, "probe")}, {Plural(program.Functions.Length, "function")}, " +
                $"{Plural(program.EmbeddedCode.Length, "embed")}, {Plural(program.Globals.Length, "global")} {PassTimer.Memory()}{timer.Times()}");
        }
        if (invocation.LastPass == 2)
        {
            stdout.Write(ProgramPrinter.Print(program, invocation.Verbosity > 0));
            return 0;
        }
        return Translate(program, kernel);
    }

    /// <summary>Pass 2's errors whose text depends on library files the script did not name.</summary>
    private static readonly HashSet<string> LibraryWideCodes = ["sema.unresolved-function", "sema.no-match", "sema.probe-point", "sema.unsupported-probe"];

    private ElaborationResult Elaborate(ParseResult parse, TargetKernel kernel) =>
        new ElaboratePass().Run(parse, new ElaborateOptions(
            invocation.GuruMode, invocation.ScriptArguments, new Lazy<IKernelSymbols?>(() => KernelSymbols.Open(kernel)),
            SuppressAutoPrint: invocation.NoGlobalVariableDisplay)
        {
            Unoptimized = invocation.Unoptimized,
            SkipBadVars = invocation.SkipBadVars,
            TargetCommand = invocation.TargetCommand,
            TargetProgram = CommandProgram,
            TargetPid = invocation.TargetPid,
            // a --vm script's pids are the guest's
            PidRefusal = invocation.VirtualMachineKernel is null ? Stapper.Run.HostProcesses.ProbeRefusal : null,
            KernelConfig = kernel.Config,
            SetAtLoad = invocation.GlobalSettings.Select(s => s.Split('=', 2)).GroupBy(p => p[0]).ToImmutableDictionary(g => g.Key, g => g.Last()[1]),
            Timing = invocation.Defines.Any(d => d.Key == "STP_TIMING"),
            MaxProbes = invocation.Defines.LastOrDefault(d => d.Key == "MAXPROBES").Value is { } max && int.TryParse(max, out var n) && n > 0
                ? n : ElaborateOptions.DefaultMaxProbes,
        });

    private static string Plural(int n, string word) => n == 1 ? $"{n} {word}" : $"{n} {word}s";

    /// <summary>
    /// Pass 1. The whole library for the dumps and listings; else only the tapset files the script may use
    /// (TapsetIndex), unless wholeLibrary: pass 2's suggestions for an unknown name draw on every file.
    /// </summary>
    private ParseResult? Parse(TargetKernel kernel, bool wholeLibrary = false, bool report = true)
    {
        SourceFile script;
        if (invocation.ScriptText is { } text)
        {
            if (text.Length == 0)
            {
                stderr.WriteLine("Input file '<input>' is empty.");
                stderr.WriteLine("Pass 1: parse failed.  [man error::pass1]");
                return null;
            }
            script = new SourceFile("<input>", text);
        }
        else
        {
            var path = invocation.ScriptFile!;
            if (path == "-")
            {
                script = new SourceFile("<input>", Console.In.ReadToEnd());
            }
            else if (!File.Exists(path))
            {
                stderr.WriteLine($"Input file '{path}' is missing.");
                stderr.WriteLine("Pass 1: parse failed.  [man error::pass1]");
                return null;
            }
            else
            {
                try
                {
                    script = new SourceFile(path, File.ReadAllText(path));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"Input file '{path}' can't be opened for reading.");
                    stderr.WriteLine("Pass 1: parse failed.  [man error::pass1]");
                    return null;
                }
            }
        }
        var context = new PreprocessorContext(kernel.Release, TargetKernel.Architecture, invocation.GuruMode,
            invocation.ScriptArguments, kernel.Config, invocation.CompatibleVersion);
        var input = wholeLibrary || invocation.Dump is not null || invocation.ListProbes is not null
            ? new ParseInput(script, [.. Installation.TapsetFiles(invocation.IncludeDirectories).Select(f => new SourceFile(f, File.ReadAllText(f)))], context)
            : new ParseInput(script, [], context) { Library = TapsetIndex.Load(invocation.IncludeDirectories) };
        var result = new ParsePass { CheckPrivilege = true }.Run(input);
        if (!report)
        {
            return result;
        }
        // stap ends each file's parse errors with a count of them.
        foreach (var file in result.Diagnostics.GroupBy(d => d.Span?.File))
        {
            Report([.. file]);
            var errors = file.Count(d => d.IsError && d.Kind == "parse error");
            if (errors > 0)
            {
                stderr.WriteLine(errors == 1 ? "1 parse error." : $"{errors} parse errors.");
            }
        }
        return result;
    }

    private void Report(ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == Severity.Warning && invocation.SuppressWarnings)
            {
                continue;
            }
            if (diagnostic.Severity == Severity.Warning)
            {
                _warningsShown++;
            }
            if (diagnostic.Repeats > 0)
            {
                _duplicates.Suppress(diagnostic, diagnostic.Repeats);
            }
            if (_duplicates.ShouldPrint(diagnostic))
            {
                stderr.Write(_renderer.Render(diagnostic));
            }
        }
    }

    /// <summary>-r, else the --vm kernel, else the running one.</summary>
    private TargetKernel? TargetKernelFor(Invocation invocation)
    {
        if (invocation.KernelRelease is { } release)
        {
            return TargetKernel.From(release);
        }
        if (invocation.VirtualMachineKernel is { } vm)
        {
            var chosen = vm.Length > 0 ? vm : Vm.InstalledKernels.Default()?.Release;
            if (chosen is null)
            {
                stderr.WriteLine("ERROR: --vm needs an installed kernel with headers (/boot/vmlinuz-KVER and /lib/modules/KVER/build); none found.");
                return null;
            }
            return TargetKernel.From(chosen);
        }
        return TargetKernel.Running();
    }
}
