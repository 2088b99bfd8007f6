using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Cli;

/// <summary>Runs passes 1..N for one invocation, prints -v lines and pass failures as stap does, returns the exit status.</summary>
public static class Driver
{
    public static int Run(string[] args)
    {
        try
        {
            return RunCore(args, Console.Out, Console.Error);
        }
        catch (Exception e)
        {
            // A bug of ours must still not show the user a stack trace.
            Console.Error.WriteLine($"stapper: internal error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    public static int RunCore(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (Vm.VmBatchCommand.Is(args))
        {
            return Vm.VmBatchCommand.Execute(args, stderr);
        }
        var parsed = CommandLine.Parse(args);
        if (parsed.Invocation is not { } invocation)
        {
            var error = parsed.Error!;
            if (parsed.Usage)
            {
                stderr.WriteLine("stapper: " + error);
                Usage.Hint(stderr);
            }
            else
            {
                stderr.WriteLine(error);
            }
            return 1;
        }
        if (InvocationChecks.Apply(invocation, stderr) is not { } checkedInvocation)
        {
            return 1;
        }
        invocation = checkedInvocation with { Arguments = [.. args] };
        if (invocation.ShowHelp)
        {
            Usage.Full(stdout);
            return 0;
        }
        if (invocation.ShowVersion)
        {
            Usage.Version(stdout);
            return 0;
        }
        if (invocation.PrintDocument is { } document)
        {
            stdout.Write(document == OptionDocument.ManPage ? OptionDocuments.ManPage() : OptionDocuments.BashCompletion());
            return 0;
        }
        if (invocation.Prep is { } prep)
        {
            // The kernel --vm would boot: the named one, else the default one (as pass 5 picks it).
            var release = invocation.KernelRelease ?? invocation.VirtualMachineKernel switch
            {
                { Length: > 0 } vm => vm,
                not null => Vm.InstalledKernels.Default()?.Release ?? TargetKernel.Running().Release,
                null => TargetKernel.Running().Release,
            };
            return Prep.Run(release, prep == "install", stdout, stderr);
        }
        if (invocation.CleanCache)
        {
            var cache = Installation.CacheDirectory;
            foreach (var removed in invocation.CacheLimitMegabytes is { } limit ? Build.ModuleCache.Clean(cache, limit) : Build.ModuleCache.Clean(cache))
            {
                if (invocation.Verbosity > 1)
                {
                    stderr.WriteLine("Cache cleaning removed " + removed);
                }
            }
            return 0;
        }
        if (invocation.RunModule is { } module)
        {
            return Passes.RunModule(invocation, module, stdout, stderr);
        }
        if (invocation.AttachModule is { } attach)
        {
            return Passes.AttachModule(invocation, attach, stdout, stderr);
        }
        if (invocation.ListProbes is { } point)
        {
            // As stap: listing elaborates the script "probe POINT {}".
            invocation = invocation with { ScriptText = $"probe {point} {{}}", ScriptFile = null, ScriptArguments = [] };
        }
        else if (invocation.Dump is not null)
        {
            invocation = invocation with { ScriptText = "probe never {}", ScriptFile = null, ScriptArguments = [] };
        }
        if (invocation.ScriptText is null && invocation.ScriptFile is null)
        {
            stderr.WriteLine("A script must be specified.");
            Usage.Hint(stderr);
            return 1;
        }
        return new Passes(invocation, stdout, stderr).Run();
    }
}
