using Stapper.Diagnostics;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>Why a target expression does not resolve, with the token stap blames; Then: a second error stap gives there.</summary>
internal sealed record TargetError(string Message, SourceSpan Span, string Token, string? Then = null);

/// <summary>Raised inside the resolver's walk; the binder reports it (or @defined swallows it).</summary>
internal sealed class TargetResolutionException(TargetError error) : Exception(error.Message)
{
    public TargetError Error { get; } = error;
}
