/// <summary>
/// Lets the test suite run pass 5 alone in a VM guest before the driver wires --run-module: the guest runs the stapper
/// apphost with DOTNET_STARTUP_HOOKS=Stapper.Tests.dll and STAPPER_TEST_ENTRY=run-module, and this hook runs
/// the driver and exits before Main.
/// </summary>
public static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("STAPPER_TEST_ENTRY") != "run-module")
        {
            return;
        }

        var args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        Environment.Exit(Stapper.Cli.Driver.Run(args));
    }
}
