using Stapper.Elaborate;

namespace Stapper.Cli;

internal sealed partial class Passes
{
    /// <summary>Passes 3 to 5; wired when the translator lands.</summary>
    private int Translate(ElaboratedProgram program, TargetKernel kernel)
    {
        _ = program;
        _ = kernel;
        stderr.WriteLine("Pass 3: translation failed.  [man error::pass3]");
        return 1;
    }

    private static string PrintTree(Parse.SyntaxTree tree) => tree.ToString() + "\n";
}
