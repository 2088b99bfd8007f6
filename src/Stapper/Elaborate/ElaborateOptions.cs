using System.Collections.Immutable;

namespace Stapper.Elaborate;

/// <summary>What pass 2 knows besides the parse: guru mode, script arguments, the target kernel's symbols, -u.</summary>
public sealed record ElaborateOptions(
    bool GuruMode,
    ImmutableArray<string> ScriptArguments,
    IKernelSymbols? Kernel,
    bool SuppressAutoPrint = false)
{
    /// <summary>stap's -u: the optimizer keeps what it would elide; constants still fold.</summary>
    public bool Unoptimized { get; init; }
}

/// <summary>The kernel functions a probe point may name; answered from BTF or kallsyms.</summary>
public interface IKernelSymbols
{
    bool HasFunction(string name);

    IEnumerable<string> FunctionsMatching(string glob);
}

public sealed record ElaborationResult(ElaboratedProgram? Program, ImmutableArray<Diagnostics.Diagnostic> Diagnostics);
