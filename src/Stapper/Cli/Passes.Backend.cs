using System.Text;
using Stapper.Build;
using Stapper.Elaborate;
using Stapper.Run;
using Stapper.Translate;

namespace Stapper.Cli;

internal sealed partial class Passes
{
    /// <summary>-c's program as the runner's wordexp splits it (default without -c), split once: pass 2 and the
    /// symbol table both read it.</summary>
    private TargetProgram CommandProgram => _commandProgram ??=
        invocation.TargetCommand is { } command && TargetWords.Program(command) is var (program, invalid) ? new TargetProgram(program, invalid) : default;

    private TargetProgram? _commandProgram;

    /// <summary>-d's files, then the -c command's program or the -x process's executable, which stap adds as if given with -d
    /// (a command that names no program, e.g. one run through sh, adds none, as stap's).</summary>
    private System.Collections.Immutable.ImmutableArray<string> SymbolFiles()
    {
        var files = invocation.SymbolFiles.Select(Path.GetFullPath).ToList();
        var target = invocation switch
        {
            { TargetCommand: not null } => CommandProgram.Program is { Length: > 0 } program
                ? Stapper.Elaborate.Providers.ProcessPath.Resolve(program) : null,
            { TargetPid: { } pid } => Stapper.Elaborate.Providers.ProcessPath.OfProcess(pid),
            _ => null,
        };
        if (target is not null)
        {
            files.Add(target);
        }
        return [.. files];
    }

    /// <summary>Passes 3 to 5: C from the program, a .ko from kbuild (or the cache), then the run, here or in a VM.</summary>
    private int Translate(ElaboratedProgram program, TargetKernel kernel)
    {
        var timer = new PassTimer();
        var name = invocation.ModuleName ?? DefaultModuleName();
        var source = new TranslatePass().Run(program, new TranslateOptions(name, invocation.Defines,
            invocation.RuntimeDirectory is { } runtime ? Path.GetFullPath(runtime) : Installation.RuntimeDirectory, Installation.TemplateDirectory)
        {
            SymbolFiles = SymbolFiles(),
            SharedLibraries = invocation.SharedLibraries,
            VdsoImage = Stapper.DebugInfo.KernelVdso.Image(kernel.Release, kernel.BuildDirectory),
        });
        Report(source.Diagnostics);
        if (source.Diagnostics.Any(d => d.IsError))
        {
            stderr.WriteLine("Pass 3: translation failed.  [man error::pass3]");
            return 1;
        }
        if (invocation.Verbosity > 0)
        {
            stderr.WriteLine($"Pass 3: translated to C into \"{name}/{TranslatePass.SourceFileName}\" {PassTimer.Memory()}{timer.Times()}");
        }
        if (invocation.LastPass == 3)
        {
            stdout.Write(source.Files[TranslatePass.SourceFileName]);
            return 0;
        }
        SaveTranslation(source);
        return BuildAndRun(source, kernel);
    }

    /// <summary>Passes 4 and 5 of the module source passes 1-3 made (or the translation cache kept).</summary>
    private int BuildAndRun(ModuleSource source, TargetKernel kernel)
    {
        var name = source.ModuleName;
        var timer = new PassTimer();
        if (!kernel.HasBuildTree)
        {
            stderr.WriteLine($"ERROR: no kernel build tree for {kernel.Release} at {kernel.BuildDirectory}: install its headers or pick another kernel with -r or --vm");
            stderr.WriteLine("Pass 4: compilation failed.  [man error::pass4]");
            return 1;
        }
        ModuleFile module;
        using (invocation.Verbosity == 0 ? ProgressLine.Start($"Pass 4: compiling the module for {kernel.Release}") : null)
        {
            module = new BuildPass().Run(source, new BuildOptions(kernel.BuildDirectory, kernel.Release,
                Path.Combine(Installation.CacheDirectory, "modules"), invocation.KeepTemporary, invocation.Verbosity)
            {
                Cache = invocation.Cache,
                KbuildArguments = invocation.KbuildArguments,
                TemporaryDirectory = invocation.TemporaryDirectory,
            });
        }
        Report(module.Diagnostics);
        if (module.Path is not { } path)
        {
            stderr.WriteLine("Pass 4: compilation failed.  [man error::pass4]");
            return 1;
        }
        if (invocation.Verbosity > 0 && !module.CacheHit && module.Route.Length > 0)
        {
            stderr.WriteLine($"Pass 4: built by {module.Route}");
        }
        if (invocation.Verbosity > 0)
        {
            stderr.WriteLine(module.CacheHit
                ? $"Pass 4: using cached {path}"
                : $"Pass 4: compiled C into \"{Path.GetFileName(path)}\" {timer.Times()}");
        }
        if (invocation.LastPass == 4)
        {
            // As stap: with -m the module is copied to the working directory, else it stays in the cache.
            if (invocation.ModuleName is not null)
            {
                File.Copy(path, name + ".ko", overwrite: true);
                stdout.WriteLine(name + ".ko");
            }
            else
            {
                stdout.WriteLine(path);
            }
            return 0;
        }
        var status = RunModule(invocation, path, stdout, stderr, invocation.VirtualMachineKernel is not null ? kernel.Release : null);
        if (invocation.Cache == Build.CacheUse.Disabled && !invocation.KeepTemporary)
        {
            // --disable-cache: the module was built outside the cache, in a directory only this run uses.
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
        return status;
    }

    /// <summary>stap names modules stap_HASH; ours hashes the script and everything that changes the module.</summary>
    private string DefaultModuleName()
    {
        var key = new StringBuilder();
        key.Append(invocation.ScriptText ?? File.ReadAllText(invocation.ScriptFile!)).Append('\0');
        key.Append(string.Join('\0', invocation.ScriptArguments)).Append('\0');
        key.Append(string.Join('\0', invocation.Defines.Select(d => d.Key + "=" + d.Value))).Append('\0').Append(invocation.GuruMode);
        var hash = Sha256.Hex(key.ToString());
        return "stap_" + hash[..16];
    }

    /// <summary>
    /// Pass 5 of a built module: here, or (vmKernel set) in a guest of that kernel where the same stapper
    /// runs this with --run-module. The pass-5 lines come from whichever side runs the module.
    /// </summary>
    public static int RunModule(Invocation invocation, string module, TextWriter stdout, TextWriter stderr, string? vmKernel = null) =>
        Pass5(invocation, stdout, stderr, vmKernel, (pass, options, output, errors) => pass.Run(module, options, output, errors),
            (options, output, errors, ready) => Vm.VmRun.Run(vmKernel, module, options, output, errors, ready: ready, machine: invocation.GuestMachine));

    /// <summary>stapper -A NAME: pass 5 of a module that -F left running, on this host.</summary>
    public static int AttachModule(Invocation invocation, string name, TextWriter stdout, TextWriter stderr) =>
        Pass5(invocation, stdout, stderr, null, (pass, options, output, errors) => pass.Attach(name, options, output, errors), null);

    private static int Pass5(Invocation invocation, TextWriter stdout, TextWriter stderr, string? vmKernel,
        Func<RunPass, RunOptions, Stream, Stream, RunResult> here, Func<RunOptions, Stream, Stream, Action?, int>? inGuest)
    {
        var options = new RunOptions(invocation.OutputFile, invocation.TargetCommand, invocation.TargetPid,
            invocation.TimeoutSeconds, invocation.BufferMegabytes, invocation.Verbosity)
        {
            Rotation = invocation.Rotation,
            GlobalSettings = invocation.GlobalSettings,
            Bulk = invocation.BulkMode,
            FlightRecorder = invocation.FlightRecorder,
        };
        stdout.Flush();
        stderr.Flush();
        using var output = Console.OpenStandardOutput();
        using var errors = Console.OpenStandardError();
        if (vmKernel is not null && inGuest is not null)
        {
            // Until the guest runs the module (or anything is printed), a status line says it is booting.
            using var booting = invocation.Verbosity == 0 ? ProgressLine.Start($"Pass 5: booting {vmKernel} in a virtual machine") : null;
            return booting is null ? inGuest(options, output, errors, null) : inGuest(options, booting.Before(output), booting.Before(errors), booting.Done);
        }
        var timer = new PassTimer();
        if (invocation.Verbosity > 0)
        {
            stderr.WriteLine("Pass 5: starting run.");
            stderr.Flush();
        }
        var result = here(new RunPass(), options, output, errors);
        if (invocation.Verbosity > 0)
        {
            stderr.WriteLine($"Pass 5: run completed {timer.Times()}");
        }
        if (result.ExitCode != 0)
        {
            // stap's driver reports its staprun child's status this way; scripts and tests compare stderr.
            stderr.WriteLine($"WARNING: /usr/bin/staprun exited with status: {result.ExitCode}");
            stderr.WriteLine("Pass 5: run failed.  [man error::pass5]");
        }
        return result.ExitCode;
    }
}
