using System.Collections.Concurrent;
using Fluid;

namespace Stapper.Translate;

/// <summary>Pass 3's Liquid templates, each file read and parsed once per process (a module renders one per probe site).</summary>
internal static class LiquidTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Files = new(StringComparer.Ordinal);

    public static IFluidTemplate Load(string path) =>
        Files.GetOrAdd(Path.GetFullPath(path), full => Parse(File.ReadAllText(full)));

    public static IFluidTemplate Parse(string text)
    {
        if (!Parser.TryParse(text, out var parsed, out var error))
        {
            throw new InvalidOperationException("template error: " + error);
        }
        return parsed;
    }
}
