using Stapper.DebugInfo;

namespace Stapper.Cli;

/// <summary>@cast's type names: "struct file", "union u", "enum e", or a bare name that is a struct, union or typedef.</summary>
internal static class KernelTypeNames
{
    public static TypeInfo? Find(ModuleDebugInfo? debug, string name)
    {
        if (debug is null)
        {
            return null;
        }
        name = name.Trim();
        if (name.StartsWith("struct ", StringComparison.Ordinal))
        {
            return debug.Struct(name[7..].Trim());
        }
        if (name.StartsWith("union ", StringComparison.Ordinal))
        {
            return debug.Union(name[6..].Trim());
        }
        if (name.StartsWith("enum ", StringComparison.Ordinal))
        {
            return debug.Enum(name[5..].Trim());
        }
        return debug.Struct(name) ?? debug.Union(name) ?? debug.Typedef(name) ?? debug.Type(name);
    }
}
