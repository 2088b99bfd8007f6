using Stapper.Diagnostics;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>Why a target expression does not resolve, with the token stap blames.</summary>
internal sealed record TargetError(string Message, SourceSpan Span, string Token);

/// <summary>Raised inside the resolver's walk; the binder reports it (or @defined swallows it).</summary>
internal sealed class TargetResolutionException(TargetError error) : Exception(error.Message)
{
    public TargetError Error { get; } = error;
}
