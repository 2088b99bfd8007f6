using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Elaborate;

/// <summary>
/// A function entry or return in the kernel: <c>kernel.function("f")</c>, <c>kprobe.function("f")</c>,
/// <c>module("m").function("f")</c>. Module null is vmlinux. MaxActive 0 means the default.
/// Entry sites may sit on ftrace_ops where the function is ftrace-able; Return sites use kretprobes.
/// Its target variables are the function's parameters and return value.
/// </summary>
public sealed record KernelFunctionSite(
    string Symbol,
    string? Module,
    bool Return,
    int MaxActive,
    string Name,
    bool Optional,
    SourceSpan Span) : ProbeSite(Name, Optional, Span), ITargetVariableSite
{
    public FunctionInfo? Prototype(IKernelTypes? types) => types?.Function(Symbol, Module);
}
