using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Parse;

public abstract record Declaration(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>probe PP, PP { body }</c>.</summary>
public sealed record ProbeDeclaration(ImmutableArray<ProbePoint> Points, Block Body, SourceSpan Span)
    : Declaration(Span);

/// <summary>
/// <c>probe NAME, NAME = PP, PP { body }</c> (prologue: body runs before the using probe's body)
/// or <c>probe NAME += PP { body }</c> (epilogue: body runs after it).
/// The combined form <c>probe NAME = PP { prologue }, { epilogue }</c> has IsEpilogue false,
/// Body the prologue and EpilogueBody the epilogue.
/// </summary>
public sealed record AliasDeclaration(
    ImmutableArray<ProbePoint> Names,
    ImmutableArray<ProbePoint> Targets,
    bool IsEpilogue,
    Block Body,
    SourceSpan Span) : Declaration(Span)
{
    /// <summary>The second block of the combined form; null otherwise.</summary>
    public Block? EpilogueBody { get; init; }
}

/// <summary><c>[private] global a, b[100], c = 5, d%</c>; one declaration per variable.</summary>
public sealed record GlobalDeclaration(
    string Name,
    long? MaxEntries,
    bool Wrap,
    Expression? Initializer,
    bool IsPrivate,
    SourceSpan Span) : Declaration(Span);

public enum TypeName
{
    Long,
    String,
}

public sealed record Parameter(string Name, TypeName? Type, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>[private] function NAME[:TYPE] (PARAMS) { body }</c> or with a <c>%{ C %}</c> body.</summary>
public sealed record FunctionDeclaration(
    string Name,
    TypeName? ReturnType,
    ImmutableArray<Parameter> Parameters,
    Block? Body,
    EmbeddedCode? EmbeddedBody,
    bool IsPrivate,
    SourceSpan Span) : Declaration(Span)
{
    /// <summary>Where the name stands: stap's token for the declaration in messages about it.</summary>
    public SourceSpan NameSpan { get; init; } = Span;
}

/// <summary>
/// Top-level <c>%{ C %}</c>, copied into the module's C, or a function's C body. Code is the text between the
/// braces; Pragmas are the markers found in it.
/// </summary>
public sealed record EmbeddedCode(string Code, EmbeddedPragmas Pragmas, SourceSpan Span) : Declaration(Span);

/// <summary><c>@define NAME(a, b) %( body %)</c>: kept so tapset macros reach the user script's parse.</summary>
public sealed record MacroDeclaration(string Name, ImmutableArray<string> Parameters, SourceSpan Span)
    : Declaration(Span);
