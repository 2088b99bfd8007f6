using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>Reads a probe point's components against a family's shape: names, numeric and string arguments.</summary>
internal static class ComponentPattern
{
    public static bool Is(this ProbePointComponent c, string functor) => c.Functor == functor;

    public static long? Number(this ProbePointComponent c) => (c.Argument as NumberLiteral)?.Value;

    public static string? Text(this ProbePointComponent c) => (c.Argument as StringLiteral)?.Value;
}
