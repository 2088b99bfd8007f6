using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// A global: scalar when KeyTypes is empty, else an associative array. Stats is set for
/// aggregates (Type == Stats) and says which histograms pass 3 must keep.
/// MaxEntries 0 means the default (MAXMAPENTRIES). Name is unique in the program (C-safe).
/// </summary>
public sealed record GlobalVariable(
    string Name,
    StapType Type,
    ImmutableArray<StapType> KeyTypes,
    long MaxEntries,
    bool Wrap,
    BoundLiteral? Initializer,
    StatisticsSpec? Stats,
    SourceSpan Span)
{
    public bool IsArray => !KeyTypes.IsEmpty;
}

/// <summary>Which histograms an aggregate needs; count/sum/min/max are always kept.</summary>
public sealed record StatisticsSpec(bool LogHistogram, LinearHistogram? LinearHistogram, int VarianceShift);

/// <summary>Bucket layout of <c>@hist_linear(x, Start, Stop, Interval)</c>, the same for every use of x.</summary>
public sealed record LinearHistogram(long Start, long Stop, long Interval);

/// <summary>A parameter or local of one probe or function. Name is unique within its owner.</summary>
public sealed record LocalVariable(string Name, StapType Type, SourceSpan Span);

/// <summary>
/// A script or tapset function. Exactly one of Body and Embedded is set.
/// ReturnType Void: returns nothing.
/// </summary>
public sealed record ScriptFunction(
    string Name,
    StapType ReturnType,
    ImmutableArray<LocalVariable> Parameters,
    ImmutableArray<LocalVariable> Locals,
    BoundBlock? Body,
    EmbeddedFunctionBody? Embedded,
    bool FromTapset,
    SourceSpan Span)
{
    /// <summary>Where the name stands in the declaration: stap's runtime errors about the function point there.</summary>
    public SourceSpan NameSpan { get; init; } = Span;
}

/// <summary>
/// A <c>%{ C %}</c> body. Pragmas are the <c>/* pure */</c>, <c>/* unprivileged */</c>, <c>/* guru */</c>
/// markers pass 1 found in it. The C refers to STAP_ARG_name, STAP_RETVALUE, STAP_RETURN(v), STAP_ERROR(...), CONTEXT.
/// </summary>
public sealed record EmbeddedFunctionBody(string Code, EmbeddedPragmas Pragmas)
{
    /// <summary>Marked <c>/* pragma:regs */</c>: the C reads <c>CONTEXT-&gt;regs</c>.</summary>
    public bool ReadsRegisters => Pragmas.HasFlag(EmbeddedPragmas.Registers);

    /// <summary>Marked <c>/* pragma:tagged_dfa */</c>: with it in the program, every match records its submatches.</summary>
    public bool ReadsSubmatches => Pragmas.HasFlag(EmbeddedPragmas.TaggedDfa);

    /// <summary>Marked <c>/* pragma:usymbols */</c>: the module must embed the user-space symbol tables (stap's -d data).</summary>
    public bool ReadsUserSymbols => Pragmas.HasFlag(EmbeddedPragmas.UserSymbols);

    /// <summary>Marked <c>/* pragma:gettimeofday */</c>: the module defines STAP_NEED_GETTIMEOFDAY, as stap's.</summary>
    public bool ReadsWallClock => Pragmas.HasFlag(EmbeddedPragmas.Gettimeofday);

    /// <summary>Marked <c>/* pragma:lines */</c>: the embedded tables must carry line tables.</summary>
    public bool ReadsLines => Pragmas.HasFlag(EmbeddedPragmas.Lines);
}

/// <summary>One probe handler; several sites share it (<c>probe a, b { }</c>).</summary>
public sealed record Probe(
    int Index,
    ImmutableArray<ProbeSite> Sites,
    BoundBlock Body,
    ImmutableArray<LocalVariable> Locals,
    SourceSpan Span);
