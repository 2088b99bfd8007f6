using System.Globalization;

namespace Stapper.Elaborate.Providers;

/// <summary>stap's <c>pc=</c> in the -p2 listing: a vmlinux address from <c>_stext</c>, a module's as symbol and offset.</summary>
internal static class ListedPc
{
    public static string? Of(IKernelSymbols? kernel, string? module, ulong pc, string symbol, ulong offset) =>
        module is not null ? string.Create(CultureInfo.InvariantCulture, $"<{module}:{symbol}+{offset}>")
        : kernel?.TextStart is { } stext && pc >= stext ? string.Create(CultureInfo.InvariantCulture, $"_stext+0x{pc - stext:x}")
        : null;
}
