using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// Pass 2's half of a probe family (see ProbeFamilies): recognises its probe points and turns them into
/// sites. Returns false when the point is not of its family; true with diagnostics added when it is but
/// something is wrong.
/// </summary>
internal interface IProbeProvider
{
    bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites);

    /// <summary>The first components it answers to, for stap's "(similar: ...)" hint on an unknown probe point.</summary>
    IReadOnlyList<string> Functors { get; }

    /// <summary>Its probe point patterns as stap's --dump-probe-types prints them (<c>timer.ms(number)</c>).</summary>
    IReadOnlyList<string> ProbeTypes => [];

    /// <summary>Patterns stap's match tree has that this family refuses with stap's reason: they count for the
    /// "(similar: ...)" hint, and are not listed by --dump-probe-types.</summary>
    IReadOnlyList<string> RefusedTypes => [];

    /// <summary>The site records it makes: pass 3 needs an emitter for each (checked by the families' test).</summary>
    IReadOnlyList<Type> Sites { get; }
}

/// <summary>What a provider may ask while resolving, and where its diagnostics go.</summary>
internal sealed class ProviderContext(Lazy<IKernelSymbols?> kernel, DiagnosticBag diagnostics)
{
    /// <summary>
    /// The target kernel's functions, null when its image cannot be read. The first ask opens its BTF, so
    /// only a provider that needs names (kernel.function) pays for it.
    /// </summary>
    public IKernelSymbols? Kernel => kernel.Value;

    public DiagnosticBag Diagnostics => diagnostics;

    /// <summary>The most sites one probe point may resolve to (<see cref="ElaborateOptions.MaxProbes"/>).</summary>
    public int MaxProbes { get; init; } = int.MaxValue;

    /// <summary>-g: what only guru mode may probe (an absolute address).</summary>
    public bool GuruMode { get; init; }

    /// <summary>-c CMD (<see cref="ElaborateOptions.TargetCommand"/>).</summary>
    public string? TargetCommand { get; init; }

    /// <summary>-c CMD's program (<see cref="ElaborateOptions.TargetProgram"/>).</summary>
    public TargetProgram TargetProgram { get; init; }

    /// <summary>The probe declaration whose points are being resolved, set by the resolver: stap's warnings about a
    /// point's functions name its keyword.</summary>
    public SourceSpan? Declaration { get; set; }

    /// <summary>The body the probe point's sites will run (aliases' prologues and epilogues included), set by the resolver.</summary>
    public Parse.Block? Body
    {
        get => _body;
        set
        {
            _body = value;
            _targetNames = null;
        }
    }

    /// <summary>The target variables <see cref="Body"/> names ("x" for <c>$x</c>).</summary>
    public IReadOnlySet<string> TargetNames => _targetNames ??= _body is null ? new HashSet<string>() : BodyTargetNames.Of(_body);

    private Parse.Block? _body;
    private IReadOnlySet<string>? _targetNames;

    /// <summary>-x PID (<see cref="ElaborateOptions.TargetPid"/>).</summary>
    public int? TargetPid { get; init; }

    /// <summary>Why process PID cannot be probed (<see cref="ElaborateOptions.PidRefusal"/>); null: not checked.</summary>
    public Func<long, string?>? PidRefusal { get; init; }

    /// <summary>The target kernel's configuration (<see cref="ElaborateOptions.KernelConfig"/>); null when not known.</summary>
    public Func<string, string?>? KernelConfig { get; init; }

    /// <summary>The perf counters (<c>.counter("NAME")</c>) defined so far in the session: a name is defined once, as in stap.</summary>
    public HashSet<string> PerfCounters { get; } = new(StringComparer.Ordinal);
}
