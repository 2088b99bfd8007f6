using System.Collections.Immutable;
using Stapper.Diagnostics;

namespace Stapper.Elaborate.Optimize;

/// <summary>A function as the optimizer rewrites it. Locals exclude parameters; NameSpan is where stap points.</summary>
internal sealed class OptimizedFunction(string name, int arity, ImmutableArray<string> parameters, ImmutableArray<LocalVariable> locals,
    BoundBlock? body, EmbeddedFunctionBody? embedded, bool inUserFile, SourceSpan nameSpan)
{
    public string Name { get; } = name;
    public int Arity { get; } = arity;
    public ImmutableArray<string> Parameters { get; } = parameters;
    public ImmutableArray<LocalVariable> Locals { get; } = locals;
    public BoundBlock? Body { get; set; } = body;
    public EmbeddedFunctionBody? Embedded { get; } = embedded;
    public bool InUserFile { get; } = inUserFile;
    public SourceSpan NameSpan { get; } = nameSpan;

    /// <summary>Locals its autocast @defined tests, read as far as the first round's warnings go.</summary>
    public IReadOnlySet<string> TestedByDefined { get; init; } = new HashSet<string>();
}

/// <summary>A probe handler as the optimizer rewrites it; Functor names it in "Probe 'timer' has been elided".</summary>
internal sealed class OptimizedProbe(ProbeKey key, string functor, ImmutableArray<LocalVariable> locals, BoundBlock body)
{
    public ProbeKey Key { get; } = key;
    public SourceSpan Span => Key.Span;
    public string Functor { get; } = functor;
    public ImmutableArray<LocalVariable> Locals { get; } = locals;
    public BoundBlock Body { get; set; } = body;
    public bool Elided { get; set; }

    /// <summary>A return probe reading parameters saved at entry: stap captures those as @entry, whose global stack
    /// its optimizer cannot remove, so such a probe is never elided, even when nothing reads the values.</summary>
    public bool TakesEntryValues { get; init; }

    /// <summary>Locals its autocast @defined tests, read as far as the first round's warnings go.</summary>
    public IReadOnlySet<string> TestedByDefined { get; init; } = new HashSet<string>();

    /// <summary>A perf <c>.counter("NAME")</c>: its body is empty by design (it never runs), and @perf reads its counter.</summary>
    public bool DefinesCounter { get; init; }
}

/// <summary>A global with what the never-assigned check needs.</summary>
internal sealed record OptimizedGlobal(string Name, bool HasInitializer, bool InUserFile, SourceSpan Span);
