using Stapper.Diagnostics;

namespace Stapper.Elaborate.Binding;

/// <summary>
/// A type being inferred: of a variable, an array key, a parameter or a function's return.
/// Remembers where it was first inferred, which stap names in "type was first inferred here".
/// </summary>
internal sealed class TypeSlot
{
    public StapType Type { get; private set; }
    public SourceSpan? InferredAt { get; private set; }
    public string? InferredToken { get; private set; }

    public TypeSlot(StapType type = StapType.Unknown) => Type = type;

    /// <summary>Sets the type if unknown; true when that changed anything.</summary>
    public bool Resolve(StapType type, SourceSpan span, string token)
    {
        if (Type != StapType.Unknown || type is StapType.Unknown or StapType.Void)
        {
            return false;
        }
        Type = type;
        InferredAt = span;
        InferredToken = token;
        return true;
    }
}
