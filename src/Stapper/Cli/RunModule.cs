namespace Stapper.Cli;

internal sealed partial class Passes
{
    /// <summary>--run-module: pass 5 alone, for a module built earlier (what --vm runs inside the guest).</summary>
    public static int RunModule(Invocation invocation, string module, TextWriter stdout, TextWriter stderr)
    {
        _ = invocation;
        _ = stdout;
        stderr.WriteLine($"ERROR: cannot run {module} yet");
        return 1;
    }
}
