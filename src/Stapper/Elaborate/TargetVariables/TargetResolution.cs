using System.Collections.Immutable;
using Stapper.DebugInfo;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>A resolved target expression: the steps that read it, how -p2 shows it, and its value's C type.</summary>
internal sealed record TargetResolution(ImmutableArray<TargetStep> Steps, TargetOrigin Origin, TargetType? Type = null);

/// <summary>
/// The C type of a value (a pointer, an array's address, an integer), for stap's autocast; <see cref="User"/>: it
/// points into the probed process's memory (a user-space header's type).
/// </summary>
internal sealed record TargetType(TypeInfo Type, bool User)
{
    /// <summary>The same type underneath: typedefs and qualifiers aside, pointers compared by what they point to.</summary>
    public bool SameAs(TargetType other) => User == other.User && Same(Type, other.Type, 0);

    private static bool Same(TypeInfo? a, TypeInfo? b, int depth)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        a = a.Resolve();
        b = b.Resolve();
        if (a.Kind != b.Kind)
        {
            return false;
        }
        return a.Kind is TypeKind.Pointer or TypeKind.Array
            ? depth < 16 && a.ElementCount == b.ElementCount && Same(a.Target, b.Target, depth + 1)
            : a.Id == b.Id && a.Name == b.Name;
    }
}
