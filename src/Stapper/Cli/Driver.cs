namespace Stapper.Cli;

/// <summary>Runs passes 1..N for one invocation; placeholder until the passes land.</summary>
public static class Driver
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("stapper: not yet implemented");
        return 1;
    }
}
