using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// Pass 2's result: resolved, typed and pruned. Only what the probes reach is here: unused tapset
/// functions and globals are gone. Aliases are expanded and auto-printing is already an end probe.
/// </summary>
public sealed record ElaboratedProgram(
    ImmutableArray<GlobalVariable> Globals,
    ImmutableArray<ScriptFunction> Functions,
    ImmutableArray<Probe> Probes,
    ImmutableArray<EmbeddedBlock> EmbeddedCode,
    ImmutableArray<string> ScriptArguments,
    bool GuruMode)
{
    /// <summary>Who calls whom among <see cref="Functions"/>, with their bodies: lock sets and register use read it.</summary>
    public CallGraph Calls { get; } = new(Functions);

    private IReadOnlySet<GlobalVariable>? _counters;

    /// <summary>The globals only ever added to and otherwise read, which pass 3 keeps per CPU (<see cref="CounterGlobals"/>).</summary>
    public IReadOnlySet<GlobalVariable> Counters => _counters ??= CounterGlobals.Find(Probes, Calls);
}

/// <summary>Top-level <c>%{ %}</c> from a tapset or a guru script, in source order.</summary>
public sealed record EmbeddedBlock(string Code, SourceSpan Span);
