using System.Collections.Immutable;
using System.Globalization;
using Stapper.DebugInfo.Dwarf;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// <c>kernel.statement("f@FILE:LINES")</c> (LINES: N, N-M, *, or +N after the decl line; <c>.nearest</c> takes the
/// closest line with code), <c>module("m").statement(...)</c>, <c>kernel.function("f").label("L")</c>,
/// <c>kernel.statement(ADDR)</c> and, in guru mode, <c>kernel.statement(ADDR).absolute</c>: kprobes at a function
/// symbol plus the offset the DWARF line table gives. Sites are named as stap names them:
/// <c>kernel.statement("f@FILE:LINE")</c>, a label by its function (<c>kernel.function("f@FILE:DECL")</c>).
/// </summary>
internal sealed class KernelStatementProvider : IProbeProvider
{
    public IReadOnlyList<string> Functors { get; } = ["kernel", "module"];

    public IReadOnlyList<string> ProbeTypes { get; } =
    [
        "kernel.statement(string)", "kernel.statement(string).nearest", "kernel.statement(number)",
        "kernel.statement(number).absolute", "kernel.function(string).label(string)",
        "module(string).statement(string)", "module(string).statement(string).nearest", "module(string).function(string).label(string)",
    ];

    public IReadOnlyList<Type> Sites { get; } = [typeof(KernelStatementSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c.Length < 2)
        {
            return false;
        }
        string? module;
        if (c[0].Is("kernel") && c[0].Argument is null)
        {
            module = null;
        }
        else if (c[0].Is("module") && c[0].Text() is { } m)
        {
            module = m;
        }
        else
        {
            return false;
        }
        if (c[1].Is("function") && c[1].Text() is { } function && c.Length == 3 && c[2].Is("label") && c[2].Text() is { } label)
        {
            return Resolve(point, context, module, (k, mod) => k.Labels(mod, function, label), out sites);
        }
        if (!c[1].Is("statement"))
        {
            return false;
        }
        var suffixes = c.Skip(2).Select(s => s.Argument is null ? s.Functor : "").ToList();
        if (c[1].Number() is { } address && module is null && suffixes.Count <= 1 && suffixes.All(s => s == "absolute"))
        {
            return Address(point, context, unchecked((ulong)address), suffixes.Count == 1, out sites);
        }
        if (c[1].Text() is not { } pattern || suffixes.Count > 1 || suffixes.Any(s => s != "nearest"))
        {
            return false;
        }
        if (!LineSpec.TrySplit(pattern, out var name, out var file, out var lines))
        {
            context.Diagnostics.Error("sema.statement", "semantic error", "malformed specification '" + pattern + "'", point.Span, Token(point));
            return true;
        }
        return Resolve(point, context, module, (k, mod) => k.Statements(mod, name, file ?? "*", lines, suffixes.Count == 1), out sites);
    }

    /// <summary>Sites from <paramref name="find"/> over vmlinux or each module matching <paramref name="module"/>.</summary>
    private static bool Resolve(ProbePoint point, ProviderContext context, string? module, Func<IKernelSymbols, string?, KernelStatements?> find,
        out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        if (context.Kernel is not { } kernel)
        {
            NeedsDwarf(point, context, module);
            return true;
        }
        var modules = module is null ? [null] : (kernel.ModulesMatching(module) ?? [module]).Select(m => (string?)m).ToList();
        var builder = ImmutableArray.CreateBuilder<ProbeSite>();
        foreach (var m in modules)
        {
            if (find(kernel, m) is not { } found)
            {
                NeedsDwarf(point, context, m);
                return true;
            }
            if (found.Error is not null)
            {
                // stap's reason stands alone (no source position), then the point's "no match" below; an optional
                // point's too, which fails pass 2 all the same
                context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.statement", "semantic error", found.Error, null));
                continue;
            }
            var head = m is null ? "kernel" : "module(\"" + m + "\")";
            builder.AddRange(found.Sites.Select(s => (ProbeSite)new KernelStatementSite(s.Symbol, m, s.Offset, null,
                s.Label is null ? $"{head}.statement(\"{s.Function}@{s.File}:{s.Line}\")" : $"{head}.function(\"{s.Function}@{s.File}:{s.Line}\")",
                point.Optional, point.Span)
            { Scope = s.Scope, Variables = [.. s.Variables], Pc = s.Pc, Label = s.Label, ListedPc = ListedPc.Of(kernel, m, s.Pc, s.Symbol, s.Offset) }));
        }
        if (builder.Count == 0)
        {
            NoMatch.Report(point, context);
            return true;
        }
        sites = builder.ToImmutable();
        return true;
    }

    private static bool Address(ProbePoint point, ProviderContext context, ulong address, bool absolute, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var name = "kernel.statement(0x" + address.ToString("x", CultureInfo.InvariantCulture) + ")" + (absolute ? ".absolute" : "");
        if (absolute)
        {
            if (!context.GuruMode)
            {
                context.Diagnostics.Error("sema.statement", "semantic error", "absolute statement probe in unprivileged script; need stap -g",
                    point.Span, Token(point));
                return true;
            }
            sites = [new KernelStatementSite("", null, 0, address, name, point.Optional, point.Span)];
            return true;
        }
        return Resolve(point, context, null, (k, _) => k.StatementAt(address) is { } found
            ? found with { Sites = [.. found.Sites.Select(s => s with { Function = "", File = "", Line = 0 })] }
            : null, out sites) && Rename(ref sites, name);
    }

    private static bool Rename(ref ImmutableArray<ProbeSite> sites, string name)
    {
        sites = [.. sites.Select(s => (ProbeSite)((KernelStatementSite)s with { Name = name }))];
        return true;
    }

    private static string Token(ProbePoint point) => "identifier '" + point.Components[0].Functor + "'";

    /// <summary>Line tables live only in the DWARF of the -dbg packages: an error naming the package when it is missing.</summary>
    private static void NeedsDwarf(ProbePoint point, ProviderContext context, string? module)
    {
        if (point.Optional)
        {
            return;
        }
        var release = context.Kernel?.Release is { Length: > 0 } r ? r : "KVER";
        var what = module is null ? "the kernel's" : "module " + module + "'s";
        context.Diagnostics.Error("sema.needs-dwarf", "semantic error",
            "a statement or label probe needs " + what + " DWARF debuginfo, which is not installed (install linux-image-" + release + "-dbg)",
            point.Span, Token(point));
    }
}
