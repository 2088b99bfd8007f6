using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>Every expression knows its type and span (runtime errors name the span: "near ... at FILE:L:C").</summary>
public abstract record BoundExpression(StapType Type, SourceSpan Span)
{
    /// <summary>stap's name for the token at this node, used in runtime error text: "operator '/'", "identifier 'f'".</summary>
    public string Token { get; init; } = "";

    /// <summary>Where that token stands (the operator of a binary node, a call's name); Span covers the whole node.</summary>
    public SourceSpan TokenSpan
    {
        get => _tokenSpan ?? Span;
        init => _tokenSpan = value;
    }

    private readonly SourceSpan? _tokenSpan;
}

public abstract record BoundLiteral(StapType Type, SourceSpan Span) : BoundExpression(Type, Span);

public sealed record BoundNumber(long Value, SourceSpan Span) : BoundLiteral(StapType.Long, Span);

public sealed record BoundString(string Value, SourceSpan Span) : BoundLiteral(StapType.String, Span);

/// <summary>Something that can be assigned: a local, a scalar global or an array element.</summary>
public abstract record BoundVariable(StapType Type, SourceSpan Span) : BoundExpression(Type, Span);

public sealed record BoundLocal(LocalVariable Variable, SourceSpan Span) : BoundVariable(Variable.Type, Span);

public sealed record BoundGlobal(GlobalVariable Variable, SourceSpan Span) : BoundVariable(Variable.Type, Span);

public sealed record BoundArrayElement(GlobalVariable Array, ImmutableArray<BoundExpression> Keys, SourceSpan Span)
    : BoundVariable(Array.Type, Span);

/// <summary>
/// <c>x = v</c>, <c>x += v</c>, <c>s .= v</c>; <c>x &lt;&lt;&lt; v</c> (Operator Aggregate, Target of type Stats).
/// The value of the expression is the new value of Target (Void for <c>&lt;&lt;&lt;</c>).
/// </summary>
public sealed record BoundAssignment(AssignmentOperator Operator, BoundVariable Target, BoundExpression Value, StapType Type, SourceSpan Span)
    : BoundExpression(Type, Span);

/// <summary>
/// Arithmetic, bitwise, shifts, logical (short-circuit), comparisons (Left.Type String means strcmp)
/// and <c>.</c> (String). Divide/Modulo by zero is a runtime error.
/// </summary>
public sealed record BoundBinary(BinaryOperator Operator, BoundExpression Left, BoundExpression Right, StapType Type, SourceSpan Span)
    : BoundExpression(Type, Span);

public sealed record BoundUnary(UnaryOperator Operator, BoundExpression Operand, SourceSpan Span)
    : BoundExpression(StapType.Long, Span);

public sealed record BoundIncrement(BoundVariable Target, bool IsIncrement, bool IsPrefix, SourceSpan Span)
    : BoundExpression(StapType.Long, Span);

public sealed record BoundTernary(BoundExpression Condition, BoundExpression Then, BoundExpression Else, StapType Type, SourceSpan Span)
    : BoundExpression(Type, Span);

/// <summary><c>[k1, k2] in a</c>; null keys are <c>*</c>.</summary>
public sealed record BoundIn(GlobalVariable Array, ImmutableArray<BoundExpression?> Keys, SourceSpan Span)
    : BoundExpression(StapType.Long, Span);

/// <summary>
/// A call. Function is the callee's signature: its Body is always null here (recursion would make the
/// tree cyclic); the full function, with the same Name and arity, is in ElaboratedProgram.Functions.
/// </summary>
public sealed record BoundCall(ScriptFunction Function, ImmutableArray<BoundExpression> Arguments, SourceSpan Span)
    : BoundExpression(Function.ReturnType, Span);

/// <summary>
/// <c>@count(x)</c> etc. over a scalar aggregate (BoundGlobal) or an element (BoundArrayElement).
/// @min/@max/@avg of an empty aggregate is a runtime error, as in stap. Variance has its shift argument in Stats.
/// </summary>
public sealed record BoundAggregate(AggregateOperator Operator, BoundVariable Operand, SourceSpan Span)
    : BoundExpression(StapType.Long, Span);

/// <summary>
/// <c>@hist_log(x)</c> / <c>@hist_linear(x, ...)</c>: an argument of print/println/printf %s..., the histogram of a
/// bucket count (<see cref="BoundHistogramBucket"/>) or what a foreach walks (<see cref="BoundForeach.Histogram"/>).
/// </summary>
public sealed record BoundHistogram(HistogramKind Kind, BoundVariable Operand, LinearHistogram? Linear, SourceSpan Span)
    : BoundExpression(StapType.Stats, Span);

/// <summary>
/// <c>@hist_log(x)[i]</c>, the count in bucket i, and <c>i in @hist_log(x)</c>, which stap defines as that same count.
/// An empty aggregate and an index outside 0..buckets-1 are runtime errors.
/// </summary>
public sealed record BoundHistogramBucket(BoundHistogram Histogram, BoundExpression Index, SourceSpan Span)
    : BoundExpression(StapType.Long, Span);

/// <summary>
/// print, println, printd, printdln, printf and their s-forms. Format is set for printf/sprintf,
/// Delimiter for printd/printdln/sprintd. Type is String for the s-forms, Void otherwise.
/// </summary>
public sealed record BoundPrint(
    PrintKind Kind,
    ImmutableArray<FormatPiece> Format,
    BoundExpression? Delimiter,
    ImmutableArray<BoundExpression> Arguments,
    StapType Type,
    SourceSpan Span) : BoundExpression(Type, Span);

public enum PrintKind
{
    Print,
    Println,
    Printd,
    Printdln,
    Printf,
    Sprint,
    Sprintln,
    Sprintd,
    Sprintdln,
    Sprintf,
    PrintChar,
}

/// <summary>
/// <c>s =~ "regex"</c> (Negated for <c>!~</c>); Pattern is the literal as written, escapes and all, as stap
/// compiles it. Pass 2 checks that it compiles; pass 3 compiles it.
/// </summary>
public sealed record BoundRegexMatch(BoundExpression Subject, string Pattern, bool Negated, SourceSpan Span, SourceSpan PatternSpan)
    : BoundExpression(StapType.Long, Span);

/// <summary>
/// A string whose evaluation may raise an error, caught as in <c>try { v } catch { Fallback }</c>: stap's
/// <c>$var$</c> pretty printing reads many fields and prints "ERROR" when one faults.
/// </summary>
public sealed record BoundCaughtString(BoundExpression Value, string Fallback, SourceSpan Span) : BoundExpression(StapType.String, Span);

/// <summary>Guru-mode <c>%{ C %}</c> as an expression.</summary>
public sealed record BoundEmbeddedExpression(string Code, EmbeddedPragmas Pragmas, StapType Type, SourceSpan Span) : BoundExpression(Type, Span);

/// <summary>
/// <c>@perf("NAME")</c>: the value of the perf counter NAME (a <see cref="PerfSite"/> with that Counter) in the current
/// process, read by the uprobe handler before the probe runs and found at Slot of the probe's values. Counter is null
/// where no counter can be read (outside a process probe): pass 3 refuses it, as stap's translator does.
/// </summary>
public sealed record BoundPerfRead(string Name, string? Counter, int Slot, SourceSpan Span) : BoundExpression(StapType.Long, Span);

/// <summary>Stands for an expression pass 2 rejected; only programs with errors contain it, and the optimizer keeps it.</summary>
public sealed record BoundInvalid(SourceSpan Span) : BoundExpression(StapType.Long, Span);
