using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Elaborate;

/// <summary>
/// A vmlinux tracepoint: <c>kernel.trace("SYSTEM:NAME")</c>. Its target variables are the tracepoint's
/// arguments, which the handler receives as C parameters and keeps in the probe context; <c>$$name</c> and
/// <c>$$system</c> are its name and system. Arity: its arguments after the leading <c>void *</c>.
/// </summary>
public sealed record TracepointSite(string System, string Tracepoint, int Arity, string Name, bool Optional, SourceSpan Span)
    : ProbeSite(Name, Optional, Span), ITargetVariableSite
{
    public string? Module => null;

    public bool Return => false;

    public FunctionInfo? Prototype(IKernelTypes? types) => types?.Tracepoint(Tracepoint);

    public bool ArgumentsInContext => true;

    public string PointerFormat => "%p";

    public string? ContextString(string name) => name switch
    {
        "$name" => Tracepoint,
        "$system" => System,
        _ => null,
    };
}
