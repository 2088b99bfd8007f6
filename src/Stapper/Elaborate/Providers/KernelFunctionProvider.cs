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
        // Inlined instances come from vmlinux's DWARF only: not a module's, and kprobe.function takes symbols.
        "kernel.function(string).inline",
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
        var isCall = false;
        var isInline = false;
        var maxActive = 0;
        foreach (var suffix in c.Skip(2))
        {
            switch (suffix.Functor)
            {
                case "return" when suffix.Argument is null:
                    isReturn = true;
                    break;
                case "call" when suffix.Argument is null:
                    isCall = true;
                    break;
                case "inline" when suffix.Argument is null && !pattern.Contains('@') && !c[0].Is("kprobe") && module is null:
                    isInline = true;
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

        var functions = isInline ? [] : pattern.Contains('@') ? InFile(point, pattern, module, isReturn, context) : Expand(pattern, module, context);
        if (functions is null)
        {
            return true;
        }
        if (!isInline && !c[0].Is("kprobe") && !pattern.Contains('@'))
        {
            // kprobe.function reads symbols only, as stap's does; InFile has applied the lists with the files
            if (module is null && context.Kernel is { } kernel)
            {
                foreach (var name in Glob.HasWildcards(pattern) ? kernel.BootOnlyMatching(pattern) : kernel.IsBootOnly(pattern) ? [pattern] : [])
                {
                    Blocklisted("sema.blocklisted-section", $"function {name} is in blocklisted section", context);
                }
            }
            functions = [.. functions.Where(f => Admitted(f.Name, null, isReturn, f.Module is not null, context))];
        }
        var builder = ImmutableArray.CreateBuilder<ProbeSite>(functions.Count);
        // Inlined instances, from vmlinux's DWARF (stap: function("f") is the out-of-line copy and every inlined
        // instance, .call the copy only, .inline the instances only), for names and wildcards; without the -dbg
        // package, the out-of-line functions BTF knows (see docs/conformance.md). kprobe.function takes symbols only.
        List<KernelStatement> inlined = [];
        // Past MAXPROBES already, the guard refuses the point: its instances are not read (all of vmlinux's DWARF for "*").
        if (module is null && !c[0].Is("kprobe") && !isCall && !pattern.Contains('@') && functions.Count <= context.MaxProbes)
        {
            var found = context.Kernel?.InlinedInstances(null, pattern);
            if (found is null && isInline)
            {
                NeedsDwarf(point, ".inline", context);
                return true;
            }
            inlined = [.. (found?.Sites ?? []).Where(s => Admitted(s.Function, s.File, isReturn, false, context))];
        }
        var sitesBefore = functions.Count + (isReturn ? 0 : inlined.Count);
        if (isReturn && inlined.Count > 0 && sitesBefore == 0)
        {
            // stap (PR 11553) skips them; with nothing else matched, this warning, then no match.
            InlinedReturn.Warn(inlined.Select(s => s.Function), context);
        }
        if (sitesBefore == 0)
        {
            var names = context.Kernel is { } kernel && (module is null || !Glob.HasWildcards(module)) && !point.Optional
                ? kernel.SuggestedFunctions(module, withInlined: !pattern.Contains('@')) : null;
            NoMatch.Report(point, context, pattern, names);
            return true;
        }
        // stap names a DWARF function by where it is declared; kprobe.function by its symbol, as BTF-only does
        var declared = functions.Select(f => (f.Name, f.Module, f.Shown,
            At: c[0].Is("kprobe") ? null : context.Kernel?.DeclaredAt(f.Shown.Split('@')[0], f.Module))).ToList();
        if (Glob.HasWildcards(pattern) && declared.Any(d => d.At is not null))
        {
            // stap derives a wildcard's functions in DWARF's order, which address order approximates (within each module)
            var modules = declared.Select(d => d.Module).Distinct().ToList();
            declared = [.. declared.OrderBy(d => modules.IndexOf(d.Module)).ThenBy(d => d.At?.Pc ?? ulong.MaxValue)];
        }
        foreach (var (name, inModule, shown, at) in declared)
        {
            var parts = c.ToArray();
            if (inModule is not null)
            {
                parts[0] = parts[0] with { Argument = new StringLiteral(inModule, parts[0].Span) };
            }
            parts[1] = parts[1] with { Argument = new StringLiteral(at is null || shown.Contains('@') ? shown : shown + "@" + at.FileLine, parts[1].Span) };
            var site = new KernelFunctionSite(name, inModule, isReturn, maxActive, ProbePointText.Format(parts), point.Optional, point.Span)
            {
                ListedPc = at is null ? null : ListedPc.Of(context.Kernel, inModule, at.Pc, name, 0),
            };
            // A compiler copy (NAME.isra.N) has no BTF prototype: its parameters come from its DWARF at its entry.
            if (name.Contains('.') && context.Kernel?.FunctionEntry(name, inModule) is { } entry)
            {
                site = site with { Scope = entry.Scope, Variables = [.. entry.Variables], Pc = entry.Pc };
            }
            else if (!isReturn && !c[0].Is("kprobe") && LocalsAtEntry(site, context) is { } locals)
            {
                site = site with { Scope = locals.Scope, Variables = [.. locals.Variables], Pc = locals.Pc };
            }
            builder.Add(site);
        }
        if (!isReturn)
        {
            builder.AddRange(inlined.Select(s => InlinedSite(s, c, point, context)));
        }
        sites = builder.ToImmutable();
        return true;
    }

    /// <summary>
    /// With the -dbg package, a function's variables at its entry from DWARF when the body names one of its locals, which
    /// BTF does not describe (stap reads any variable in scope there); the parameters then come from DWARF too, as a
    /// compiler copy's do. Only then: reading vmlinux's DWARF costs seconds, and its places need a kprobe's pt_regs.
    /// </summary>
    private static KernelStatement? LocalsAtEntry(KernelFunctionSite site, ProviderContext context)
    {
        if (context.Kernel is not { HasDwarf: true } kernel || context.TargetNames.Count == 0
            || kernel is not TargetVariables.IKernelTypes types || site.Prototype(types) is not { } prototype)
        {
            return null;
        }
        var unknown = context.TargetNames.Where(n => !n.StartsWith('$') && n != "return" && prototype.Parameters.All(p => p.Name != n)).ToList();
        return unknown.Count > 0 && kernel.FunctionEntry(site.Symbol, site.Module) is { } entry
            && entry.Variables.Any(v => !v.IsParameter && unknown.Contains(v.Name))
            ? entry : null;
    }

    /// <summary>An inlined instance's entry: a kprobe at its address (as a statement probe is), named as stap names it
    /// (<c>kernel.function("f@FILE:DECL")</c>), its variables from the instance's DWARF.</summary>
    private static KernelStatementSite InlinedSite(KernelStatement s, ImmutableArray<ProbePointComponent> c, ProbePoint point, ProviderContext context)
    {
        var parts = c.ToArray();
        parts[1] = parts[1] with { Argument = new StringLiteral($"{s.Function}@{s.File}:{s.Line}", parts[1].Span) };
        return new KernelStatementSite(s.Symbol, null, s.Offset, null, ProbePointText.Format(parts), point.Optional, point.Span)
        {
            Scope = s.Scope,
            Variables = [.. s.Variables],
            Pc = s.Pc,
            ListedPc = ListedPc.Of(context.Kernel, null, s.Pc, s.Symbol, s.Offset),
        };
    }

    /// <summary>Whether stap's lists let a function be probed; if not, its warning.</summary>
    private static bool Admitted(string name, string? file, bool isReturn, bool inModule, ProviderContext context)
    {
        if (KprobeBlocklist.Reason(name, file, isReturn, inModule, context.GuruMode) is not { } reason)
        {
            return true;
        }
        Blocklisted("sema.blocklisted", reason, context);
        return false;
    }

    /// <summary>stap's warning for a function it leaves out (its lists, or only in an <c>.init.*</c>/<c>.exit.*</c>
    /// section, freed after boot): at the probe's keyword.</summary>
    private static void Blocklisted(string code, string reason, ProviderContext context) =>
        context.Diagnostics.Warning(code, reason, context.Declaration, "keyword");

    /// <summary>
    /// "f@FILE" from the kernel's DWARF, named as stap names them (f@FILE:LINE); only functions the kernel's BTF also
    /// knows, which a kprobe can attach to by name, each name once, none stap's lists or an init section leave out (with
    /// its warnings, in DWARF's order). "f@FILE:LINE" is the function's entry, as stap takes it (with its warning to use
    /// .statement); modules' files are refused; never a silent match on the name alone. Null: an error was reported.
    /// </summary>
    private static List<(string Name, string? Module, string Shown)>? InFile(ProbePoint point, string pattern, string? module, bool isReturn, ProviderContext context)
    {
        var at = pattern.IndexOf('@');
        var (name, file) = (pattern[..at], pattern[(at + 1)..]);
        if (module is not null)
        {
            NeedsDwarf(point, "a source file qualifier (@FILE) on a module's function", context, supported: false);
            return null;
        }
        if (file.IndexOfAny([':', '+']) is var line and >= 0)
        {
            // stap probes the function's entry all the same (named by its decl line), with this warning.
            context.Diagnostics.Warning("sema.function-line", "For probing a particular line, use a .statement() probe, not .function()", point.Span, "keyword");
            file = file[..line];
        }
        if (context.Kernel?.FunctionsInFile(name, file) is not { } found)
        {
            NeedsDwarf(point, "a source file qualifier (@FILE)", context);
            return null;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<(string Name, string? Module, string Shown)>();
        foreach (var f in found)
        {
            if (seen.Contains(f.Name))
            {
                continue;
            }
            if (context.Kernel.IsBootOnly(f.Name))
            {
                Blocklisted("sema.blocklisted-section", $"function {f.Name} is in blocklisted section", context);
                seen.Add(f.Name);
            }
            else if (context.Kernel.HasFunction(f.Name) && Admitted(f.Name, f.File, isReturn, false, context))
            {
                kept.Add((f.Name, null, $"{f.Name}@{f.File}:{f.Line}"));
                seen.Add(f.Name);
            }
        }
        return kept;
    }

    /// <summary>
    /// What only the kernel's DWARF answers (decl_file, inlined instances, exports): an error naming the package when
    /// it is missing; where Stapper does not read it yet (.exported, a module's .inline or @FILE), it says so rather
    /// than match wider.
    /// </summary>
    private static void NeedsDwarf(ProbePoint point, string what, ProviderContext context, bool supported = true)
    {
        if (point.Optional)
        {
            return;
        }
        var kernel = context.Kernel;
        var message = supported && kernel is { HasDwarf: false }
            ? what + " needs the kernel's DWARF debuginfo, which is not installed (install linux-image-" + kernel.Release + "-dbg)"
            : what + " is not supported by this translator yet";
        context.Diagnostics.Error("sema.needs-dwarf", "semantic error", message, point.Span, "identifier '" + point.Components[0].Functor + "'");
    }

    /// <summary>
    /// Names as the target knows them: vmlinux's functions, or the functions of each module matching the module
    /// pattern (from its BTF). Names go unchecked when the kernel, or a module's BTF, is not known.
    /// </summary>
    private static List<(string Name, string? Module, string Shown)> Expand(string symbol, string? module, ProviderContext context)
    {
        var kernel = context.Kernel;
        if (kernel is not null && module is null)
        {
            if (!Glob.HasWildcards(symbol) && !kernel.HasFunction(symbol))
            {
                // BTF leaves out a function the compiler only emitted as a clone; its DWARF name is the plain one.
                return (kernel.ClonesOf(symbol, null) ?? []).Select(clone => (clone, (string?)null, symbol)).ToList();
            }
            var names = Glob.HasWildcards(symbol)
                ? kernel.FunctionsMatching(symbol).OrderBy(n => n, StringComparer.Ordinal).ToList()
                : [symbol];
            return names.Select(n => (n, (string?)null, n)).ToList();
        }
        if (kernel?.ModulesMatching(module!) is not { } modules)
        {
            // Nothing to check against: a plain name stands, a wildcard matches nothing.
            return Glob.HasWildcards(symbol) || module is not null && Glob.HasWildcards(module) ? [] : [(symbol, module, symbol)];
        }
        var found = new List<(string, string?, string)>();
        foreach (var m in modules)
        {
            if (kernel.ModuleFunctionsMatching(m, symbol) is { } functions)
            {
                found.AddRange(functions.Order(StringComparer.Ordinal).Select(f => (f, (string?)m, f)));
                if (functions.Count == 0 && !Glob.HasWildcards(symbol))
                {
                    // As in vmlinux: the module's BTF leaves out a function its compiler only emitted as a clone.
                    found.AddRange((kernel.ClonesOf(symbol, m) ?? []).Select(clone => (clone, (string?)m, symbol)));
                }
            }
            else if (!Glob.HasWildcards(symbol))
            {
                found.Add((symbol, m, symbol));
            }
        }
        return found;
    }
}
