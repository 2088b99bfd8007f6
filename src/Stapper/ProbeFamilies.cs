using System.Collections.Immutable;
using Stapper.Elaborate.Providers;
using Stapper.Translate.Sites;

namespace Stapper;

/// <summary>
/// A probe family: the pass-2 provider that turns its probe points into site records, and the pass-3
/// emitter that turns those records into C from its templates. Each pass takes only its own half.
/// </summary>
internal sealed record ProbeFamily(IProbeProvider Provider, ISiteEmitter Emitter);

/// <summary>
/// The probe families, one line each; providers are asked in this order. A new family is a provider, its
/// site records, an emitter and a template, plus its line here (docs/architecture.md lists what the tracepoint family touched).
/// </summary>
internal static class ProbeFamilies
{
    public static ImmutableArray<ProbeFamily> All { get; } =
    [
        new(new BeginEndProvider(), new BeginEndEmitter()),
        new(new TimerProvider(), new TimerEmitter()),
        new(new KernelFunctionProvider(), new KernelFunctionEmitter()),
        new(new KernelStatementProvider(), new KernelStatementEmitter()),
        new(new TracepointProvider(), new TracepointEmitter()),
        new(new UserProcessProvider(), new UserProcessEmitter()),
        new(new ProcfsProvider(), new ProcfsEmitter()),
        new(new NetfilterProvider(), new NetfilterEmitter()),
        new(new PerfProvider(), new PerfEmitter()),
        new(new HardwareBreakpointProvider(), new HardwareBreakpointEmitter()),
    ];
}
