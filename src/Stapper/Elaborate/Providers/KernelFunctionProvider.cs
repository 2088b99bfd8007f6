using System.Collections.Immutable;
using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// <c>kernel.function("f")</c>, <c>kprobe.function("f")</c>, <c>module("m").function("f")</c>, each with
/// <c>.call</c>, <c>.return</c> and <c>.maxactive(N)</c>. Names are checked and wildcards expanded against
/// the target kernel's symbols when they are known.
/// </summary>
internal sealed class KernelFunctionProvider : IProbeProvider
{
    public IReadOnlyList<string> Functors { get; } = ["kernel", "kprobe"];

    public IReadOnlyList<string> ProbeTypes { get; } =
    [
        .. new[] { "kernel.function(string)", "kprobe.function(string)", "module(string).function(string)" }
            .SelectMany(f => new[] { f, f + ".call", f + ".return", f + ".return.maxactive(number)" }),
    ];

    public IReadOnlyList<Type> Sites { get; } = [typeof(KernelFunctionSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c.Length < 2)
        {
            return false;
        }
        string? module = null;
        if (c[0].Is("kernel") || c[0].Is("kprobe"))
        {
            if (c[0].Argument is not null)
            {
                return false;
            }
        }
        else if (c[0].Is("module") && c[0].Text() is { } m)
        {
            module = m;
        }
        else
        {
            return false;
        }
        if (!c[1].Is("function") || c[1].Text() is not { } pattern)
        {
            return false;
        }
        var isReturn = false;
        var maxActive = 0;
        foreach (var suffix in c.Skip(2))
        {
            switch (suffix.Functor)
            {
                case "return" when suffix.Argument is null:
                    isReturn = true;
                    break;
                case "call" when suffix.Argument is null:
                    break;
                case "maxactive" when suffix.Number() is { } n && isReturn:
                    maxActive = (int)n;
                    break;
                case "inline" or "exported" when suffix.Argument is null:
                    NeedsDwarf(point, "." + suffix.Functor, context);
                    return true;
                default:
                    return false;
            }
        }

        // "f@file:line" qualifiers need DWARF: never a silent match on the name alone.
        if (pattern.Contains('@'))
        {
            NeedsDwarf(point, "a source file qualifier (@FILE)", context);
            return true;
        }
        var symbol = pattern;
        var names = Expand(symbol, module, context);
        if (names.Count == 0)
        {
            NoMatch.Report(point, context);
            return true;
        }
        var builder = ImmutableArray.CreateBuilder<ProbeSite>(names.Count);
        foreach (var name in names)
        {
            var parts = c.ToArray();
            parts[1] = parts[1] with { Argument = new StringLiteral(name, parts[1].Span) };
            builder.Add(new KernelFunctionSite(name, module, isReturn, maxActive, ProbePointText.Format(parts), point.Optional, point.Span));
        }
        sites = builder.MoveToImmutable();
        return true;
    }

    /// <summary>
    /// What only the kernel's DWARF answers (decl_file, inlined instances, exports): an error naming the package when
    /// it is missing; with it installed, Stapper does not read these from DWARF yet, and says so rather than match wider.
    /// </summary>
    private static void NeedsDwarf(ProbePoint point, string what, ProviderContext context)
    {
        if (point.Optional)
        {
            return;
        }
        var kernel = context.Kernel;
        var message = kernel is { HasDwarf: false }
            ? what + " needs the kernel's DWARF debuginfo, which is not installed (install linux-image-" + kernel.Release + "-dbg)"
            : what + " is not supported by this translator yet (it needs the kernel's DWARF, which Stapper does not read for probe points)";
        context.Diagnostics.Error("sema.needs-dwarf", "semantic error", message, point.Span, "identifier '" + point.Components[0].Functor + "'");
    }

    private static List<string> Expand(string symbol, string? module, ProviderContext context)
    {
        // A module's functions are not among vmlinux's symbols: their names go unchecked.
        if (module is not null || context.Kernel is not { } kernel)
        {
            return Glob.HasWildcards(symbol) ? [] : [symbol];
        }
        if (Glob.HasWildcards(symbol))
        {
            return kernel.FunctionsMatching(symbol).OrderBy(n => n, StringComparer.Ordinal).ToList();
        }
        return kernel.HasFunction(symbol) ? [symbol] : [];
    }
}
