using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// <c>kernel.data(ADDRESS|"SYMBOL")[.length(N)].write/.rw</c>: a hardware watchpoint on every CPU. Symbol is
/// looked up in the running kernel when the watchpoint is registered (Address is then 0); Length as written
/// (the runtime rounds it to a length the debug registers take: 1, 2, 4 or 8).
/// </summary>
public sealed record HardwareBreakpointSite(ulong Address, string? Symbol, long Length, bool ReadToo, string Name, bool Optional, SourceSpan Span)
    : ProbeSite(Name, Optional, Span);
