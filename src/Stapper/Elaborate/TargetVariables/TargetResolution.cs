using System.Collections.Immutable;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>A resolved target expression: the steps that read it and how -p2 shows it.</summary>
internal sealed record TargetResolution(ImmutableArray<TargetStep> Steps, TargetOrigin Origin);
