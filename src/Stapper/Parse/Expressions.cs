using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Parse;

public abstract record Expression(SourceSpan Span) : SyntaxNode(Span);

public abstract record Literal(SourceSpan Span) : Expression(Span);

/// <summary>A 64-bit number; Text keeps the spelling (0x1F, 017) for printing back.</summary>
public sealed record NumberLiteral(long Value, string Text, SourceSpan Span) : Literal(Span);

/// <summary>A string, escapes already decoded and adjacent literals joined.</summary>
public sealed record StringLiteral(string Value, SourceSpan Span) : Literal(Span)
{
    /// <summary>The text as stap keeps it (escapes written out); a regex reports positions in it.</summary>
    public string? Raw { get; init; }
}

/// <summary>A variable name: local, global (scalar or whole array, as in <c>delete a</c>).</summary>
public sealed record Identifier(string Name, SourceSpan Span) : Expression(Span);

/// <summary>
/// <c>a[k1, k2]</c>, or <c>@hist_log(x)[3]</c> (a bucket). Null indexes are <c>*</c> (slices,
/// only in <c>delete</c>, <c>in</c> and <c>foreach</c>).
/// </summary>
public sealed record IndexExpression(Expression Base, ImmutableArray<Expression?> Indexes, SourceSpan Span)
    : Expression(Span);

/// <summary>
/// <c>name(args)</c>, including print/printf/sprintf and friends (pass 2 tells them apart).
/// NameSpan covers just the name, which stap names in errors.
/// </summary>
public sealed record FunctionCall(string Name, ImmutableArray<Expression> Arguments, SourceSpan NameSpan, SourceSpan Span)
    : Expression(Span)
{
    /// <summary>For a call pass 2 wrote in place of other syntax (procfs's <c>$value</c>): the name stap gives it in
    /// messages ("$value"), else null (the function's).</summary>
    public string? Spelling { get; init; }
}

public enum BinaryOperator
{
    Add, Subtract, Multiply, Divide, Modulo,
    ShiftLeft, ShiftRight, UnsignedShiftRight,
    BitAnd, BitOr, BitXor,
    LogicalAnd, LogicalOr,
    Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual,
    Concatenate,
    RegexMatch, RegexNotMatch,
}

/// <summary>OperatorSpan is the operator token, which stap names in errors.</summary>
public sealed record BinaryExpression(
    BinaryOperator Operator,
    Expression Left,
    Expression Right,
    SourceSpan OperatorSpan,
    SourceSpan Span) : Expression(Span);

public enum UnaryOperator
{
    Negate,
    Plus,
    LogicalNot,
    BitNot,
}

public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand, SourceSpan OperatorSpan, SourceSpan Span)
    : Expression(Span);

/// <summary><c>++x</c>, <c>x--</c>.</summary>
public sealed record IncrementExpression(
    Expression Target,
    bool IsIncrement,
    bool IsPrefix,
    SourceSpan OperatorSpan,
    SourceSpan Span) : Expression(Span);

public enum AssignmentOperator
{
    Assign,
    AddAssign, SubtractAssign, MultiplyAssign, DivideAssign, ModuloAssign,
    ShiftLeftAssign, ShiftRightAssign,
    BitAndAssign, BitOrAssign, BitXorAssign,
    ConcatenateAssign,

    /// <summary><c>&lt;&lt;&lt;</c>: add a value to an aggregate.</summary>
    Aggregate,
}

public sealed record AssignmentExpression(
    AssignmentOperator Operator,
    Expression Target,
    Expression Value,
    SourceSpan OperatorSpan,
    SourceSpan Span) : Expression(Span);

public sealed record TernaryExpression(Expression Condition, Expression Then, Expression Else, SourceSpan Span)
    : Expression(Span);

/// <summary><c>k in a</c> or <c>[k1, *] in a</c>; null keys are <c>*</c>.</summary>
public sealed record InExpression(ImmutableArray<Expression?> Keys, Expression Array, SourceSpan Span)
    : Expression(Span);

public enum AggregateOperator
{
    Count,
    Sum,
    Min,
    Max,
    Avg,
    Variance,
}

/// <summary><c>@count(x)</c>, <c>@avg(a[k])</c>; <c>@variance(x, bits)</c> has an extra argument.</summary>
public sealed record AggregateExpression(
    AggregateOperator Operator,
    Expression Operand,
    ImmutableArray<Expression> Arguments,
    SourceSpan Span) : Expression(Span);

public enum HistogramKind
{
    Log,
    Linear,
}

/// <summary><c>@hist_log(x)</c>, <c>@hist_linear(x, low, high, step)</c>.</summary>
public sealed record HistogramExpression(
    HistogramKind Kind,
    Expression Operand,
    ImmutableArray<Expression> Parameters,
    SourceSpan Span) : Expression(Span);

public abstract record TargetComponent(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>->name</c> (stap treats <c>.name</c> the same).</summary>
public sealed record MemberComponent(string Name, SourceSpan Span) : TargetComponent(Span);

/// <summary><c>[expr]</c>.</summary>
public sealed record IndexComponent(Expression Index, SourceSpan Span) : TargetComponent(Span);

/// <summary>
/// <c>$var</c>, <c>$var->a[2]</c>, <c>$var$</c>/<c>$var$$</c> (PrettyPrint 1/2), <c>&amp;$var</c>
/// (AddressOf), and the context lists <c>$$vars</c>, <c>$$parms</c>, <c>$$locals</c>,
/// <c>$$return</c> (Name "$vars" etc.). Name excludes the leading <c>$</c>.
/// </summary>
public sealed record TargetVariable(
    string Name,
    ImmutableArray<TargetComponent> Components,
    int PrettyPrint,
    bool AddressOf,
    SourceSpan Span) : Expression(Span);

/// <summary><c>@cast(expr, "type", "module")->member</c>; Module may be absent.</summary>
public sealed record CastExpression(
    Expression Operand,
    string TypeName,
    string? Module,
    ImmutableArray<TargetComponent> Components,
    int PrettyPrint,
    bool AddressOf,
    SourceSpan Span) : Expression(Span);

/// <summary><c>@var("name@file", "module")->member</c>.</summary>
public sealed record AtVarExpression(
    string Name,
    string? Module,
    ImmutableArray<TargetComponent> Components,
    int PrettyPrint,
    bool AddressOf,
    SourceSpan Span) : Expression(Span);

/// <summary><c>@defined(expr)</c>: true when expr resolves in pass 2.</summary>
public sealed record DefinedExpression(Expression Operand, SourceSpan Span) : Expression(Span);

/// <summary><c>@entry(expr)</c>: expr's value at function entry, in a return probe.</summary>
public sealed record EntryExpression(Expression Operand, SourceSpan Span) : Expression(Span);

/// <summary><c>@perf("name")</c>.</summary>
public sealed record PerfExpression(string Name, SourceSpan Span) : Expression(Span);

/// <summary><c>@enum("NAME")</c>: the value of a DWARF enumerator (stap 5.5).</summary>
public sealed record EnumExpression(string Name, SourceSpan Span) : Expression(Span);

/// <summary><c>@enumname(expr [, "type" [, "module"]])</c>: the enumerator naming a value (stap 5.6).</summary>
public sealed record EnumNameExpression(Expression Operand, string? TypeName, string? Module, SourceSpan Span) : Expression(Span);

/// <summary><c>@const("NAME")</c>: a C constant from the kernel's headers.</summary>
public sealed record ConstExpression(string Name, SourceSpan Span) : Expression(Span);

/// <summary><c>@probewrite(var)</c>: whether the probe writes var.</summary>
public sealed record ProbeWriteExpression(Identifier Variable, SourceSpan Span) : Expression(Span);

/// <summary><c>@kregister(n)</c> or <c>@uregister(n)</c>.</summary>
public sealed record RegisterExpression(bool User, Expression Number, SourceSpan Span) : Expression(Span);

/// <summary><c>%{ C %}</c> used as an expression (guru mode); Pragmas are the markers found in it.</summary>
public sealed record EmbeddedExpression(string Code, EmbeddedPragmas Pragmas, SourceSpan Span) : Expression(Span);

/// <summary>
/// stap's autocast: target components (<c>->member</c>, <c>[i]</c>, <c>$</c>) or <c>&amp;</c> applied
/// to a value that is not <c>$var</c>/<c>@cast</c>/<c>@var</c>, e.g. <c>task_current()->pid</c>;
/// pass 2 gives Operand its type from context.
/// </summary>
public sealed record AutocastExpression(
    Expression Operand,
    ImmutableArray<TargetComponent> Components,
    int PrettyPrint,
    bool AddressOf,
    SourceSpan Span) : Expression(Span);

/// <summary><c>@kderef(size, addr)</c> or <c>@uderef(size, addr)</c>: read size bytes at addr.</summary>
public sealed record DerefExpression(bool User, NumberLiteral Size, Expression Address, SourceSpan Span) : Expression(Span);
