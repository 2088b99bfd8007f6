using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// One probe family: recognises its probe points and turns them into sites. Returns false when the
/// point is not of its family; true with diagnostics added when it is but something is wrong.
/// </summary>
internal interface IProbeProvider
{
    bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites);
}

internal sealed record ProviderContext(IKernelSymbols? Kernel, DiagnosticBag Diagnostics);
