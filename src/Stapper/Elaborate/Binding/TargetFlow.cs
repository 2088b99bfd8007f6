using Stapper.Elaborate.TargetVariables;

namespace Stapper.Elaborate.Binding;

/// <summary>
/// The C type flowing into a local or a function's return value (stap's autocast): the type of the typed values
/// assigned (returned), when they all agree; values of different types leave none.
/// </summary>
internal sealed class TargetFlow
{
    private bool _conflict;

    public TargetType? Type { get; private set; }

    /// <summary>Takes one more value's type; true when that changed what the variable's reads see.</summary>
    public bool Take(TargetType? type)
    {
        if (type is null || _conflict || (Type is { } known && known.SameAs(type)))
        {
            return false;
        }
        if (Type is null)
        {
            Type = type;
            return true;
        }
        _conflict = true;
        Type = null;
        return true;
    }
}
