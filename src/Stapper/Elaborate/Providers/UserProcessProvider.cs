using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Stapper.DebugInfo;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// User space: <c>process("PATH").function("F")</c> with <c>.call</c> and <c>.return</c>, wildcards matched against
/// the file's symbol tables. PATH is found as stap finds it (<see cref="ProcessPath"/>) and printed resolved.
/// Without DWARF only names count ("F@file:line" qualifiers are dropped) and stap's debuginfo warning is given once
/// per file. <c>.insn</c> needs utrace, which no current kernel has: stap's error.
/// </summary>
internal sealed class UserProcessProvider : IProbeProvider
{
    // Providers are shared; what one elaboration has read (and warned about) is kept per its context.
    private static readonly ConditionalWeakTable<ProviderContext, Dictionary<string, UserBinary?>> Binaries = new();

    public IReadOnlyList<string> Functors { get; } = ["process"];

    public IReadOnlyList<Type> Sites { get; } = [typeof(UserFunctionSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c.Length < 2 || !c[0].Is("process"))
        {
            return false;
        }
        if (c[1].Is("insn"))
        {
            Error(point, context, "process probes not available without kernel CONFIG_UTRACE");
            return true;
        }
        if (c[1].Is("function") && c[1].Text() is { } pattern && c[0].Text() is { } path)
        {
            return Functions(point, path, pattern, context, out sites);
        }
        return false;
    }

    private bool Functions(ProbePoint point, string path, string pattern, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        var isReturn = false;
        foreach (var suffix in c.Skip(2))
        {
            switch (suffix.Functor)
            {
                case "return" when suffix.Argument is null && !isReturn:
                    isReturn = true;
                    break;
                case "call" when suffix.Argument is null:
                    break;
                default:
                    return false;
            }
        }
        var binary = Binary(path, context);
        var matches = binary?.FunctionsMatching(pattern.Split('@')[0]) ?? [];
        if (matches.Count == 0)
        {
            NoMatch.Report(point, context);
            return true;
        }
        var builder = ImmutableArray.CreateBuilder<ProbeSite>(matches.Count);
        foreach (var f in matches)
        {
            var parts = c.ToArray();
            parts[0] = parts[0] with { Argument = new StringLiteral(binary!.Path, parts[0].Span) };
            parts[1] = parts[1] with { Argument = new StringLiteral(f.Name, parts[1].Span) };
            builder.Add(new UserFunctionSite(binary.Path, f.Name, f.FileOffset, isReturn, ProbePointText.Format(parts), point.Optional, point.Span));
        }
        sites = builder.MoveToImmutable();
        return true;
    }

    /// <summary>The file PATH names, read once per elaboration; null when there is none or it is not ELF.</summary>
    private static UserBinary? Binary(string path, ProviderContext context)
    {
        var cache = Binaries.GetOrCreateValue(context);
        if (ProcessPath.Resolve(path) is not { } resolved)
        {
            return null;
        }
        if (!cache.TryGetValue(resolved, out var binary))
        {
            binary = UserBinary.Open(resolved);
            cache[resolved] = binary;
            if (binary is { HasDwarf: false })
            {
                context.Diagnostics.Warning("sema.no-debuginfo",
                    "cannot find module " + resolved + " debuginfo: No DWARF information found [man warning::debuginfo]", null);
            }
        }
        return binary;
    }

    private static void Error(ProbePoint point, ProviderContext context, string message)
    {
        if (!point.Optional)
        {
            context.Diagnostics.Error("sema.process-probe", "semantic error", message, point.Span, "identifier '" + point.Components[0].Functor + "'");
        }
    }
}
