namespace Stapper;

public static class Program
{
    public static int Main(string[] args) => Cli.Driver.Run(args);
}
