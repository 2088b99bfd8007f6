using System.Collections.Immutable;
using System.Globalization;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// <c>kernel.data(ADDRESS)[.length(N)].write/.rw</c> and <c>kernel.data("SYMBOL").write/.rw</c>: stapprobes KERNEL
/// HARDWARE BREAKPOINTS. As stap, the length is not checked here (the runtime rounds it to one the debug registers
/// take) and a symbol is looked up when the watchpoint is registered; the target kernel must have perf events and
/// hardware breakpoints (its configuration).
/// </summary>
internal sealed class HardwareBreakpointProvider : IProbeProvider
{
    public IReadOnlyList<string> Functors { get; } = ["kernel"];

    public IReadOnlyList<string> ProbeTypes { get; } =
    [
        "kernel.data(number).write", "kernel.data(number).rw", "kernel.data(number).length(number).write",
        "kernel.data(number).length(number).rw", "kernel.data(string).write", "kernel.data(string).rw",
    ];

    public IReadOnlyList<Type> Sites { get; } = [typeof(HardwareBreakpointSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c.Length < 2 || !c[0].Is("kernel") || c[0].Argument is not null || !c[1].Is("data") || c[1].Argument is null)
        {
            return false;
        }
        foreach (var option in (string[])["CONFIG_PERF_EVENTS", "CONFIG_HAVE_HW_BREAKPOINT"])
        {
            if (context.KernelConfig is { } config && config(option) != "y")
            {
                ProbePointErrors.Report(point, c[0], option + " not available on this kernel", context);
                return true;
            }
        }
        var symbol = c[1].Text();
        var address = c[1].Number();
        var rest = c[2..];
        long length = 1;
        var next = 0;
        var access = symbol is null ? "rw, write, length" : "rw, write";
        if (rest.Length > 0 && symbol is null && rest[0].Is("length") && rest[0].Number() is { } n)
        {
            (length, next, access) = (n, 1, "rw, write");
        }
        if (next == rest.Length)
        {
            ProbePointErrors.Truncated(point, next == 0 ? c[1] : rest[0], next == 0 && symbol is null ? "length(number) rw write" : "rw write", context);
            return true;
        }
        if (!(rest[next].Is("write") || rest[next].Is("rw")) || rest[next].Argument is not null)
        {
            ProbePointErrors.Mismatch(point, rest[next], access, context);
            return true;
        }
        if (next + 1 < rest.Length)
        {
            ProbePointErrors.InvalidSuffix(point, rest[next + 1], context);
            return true;
        }
        var readToo = rest[next].Is("rw");
        // As stap: the address in hex, the length always; stap 4.8 drops data() for address 0.
        var where = symbol is not null ? "data(\"" + symbol.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\")."
            : address == 0 ? "" : "data(0x" + ((ulong)address!.Value).ToString("x", CultureInfo.InvariantCulture) + ").";
        var name = "kernel." + where + "length(" + length.ToString(CultureInfo.InvariantCulture) + ")." + (readToo ? "rw" : "write");
        sites = [new HardwareBreakpointSite(symbol is null ? (ulong)address!.Value : 0, symbol, length, readToo, name, point.Optional, point.Span)];
        return true;
    }
}
