using System.Collections.Immutable;

using Stapper.Parse.RegexSyntax;

namespace Stapper.Translate.Regex;

/// <summary>What one NFA instruction does; the numbers are the runtime's (runtime/stp_regex.h).</summary>
public enum RegexOp
{
    /// <summary>Consume a byte in Sets[Arg], go on.</summary>
    Bytes = 0,
    /// <summary>Try X first, then Y.</summary>
    Split = 1,
    Jump = 2,
    /// <summary>Record the position in capture slot Arg.</summary>
    Save = 3,
    /// <summary><c>^</c>: only before the first byte, and only before anything was consumed.</summary>
    Start = 4,
    /// <summary><c>$</c>: consumes the end of the string, as stap's engine reads the terminating NUL.</summary>
    End = 5,
    Match = 6,
}

public sealed record RegexInstruction(RegexOp Op, int Arg, int X, int Y);

/// <summary>A compiled regex: a Pike-VM program whose thread order is stap's priority order, and its byte sets.</summary>
public sealed record RegexProgram(string Pattern, ImmutableArray<RegexInstruction> Instructions, ImmutableArray<ByteSet> Sets, int Groups)
{
    /// <summary>Capture slots: a start and an end per subexpression.</summary>
    public int Captures => 2 * Groups;
}
