using System.Collections.Immutable;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Elaborate.Providers;
using Stapper.Elaborate.TargetVariables;
using Stapper.Parse;

namespace Stapper.Cli;

internal sealed partial class Passes
{
    /// <summary>
    /// -l/-L PROBE, as stap: the script is <c>probe PROBE {}</c>; aliases it matches are listed by their own names
    /// (with -L, the locals their bodies define and the target variables of what they expand to), every other
    /// probe point by its resolved sites' names, sorted. Sites name no source file and line: BTF has none.
    /// </summary>
    private int ListProbes(ParseResult parse, TargetKernel kernel, bool variables)
    {
        // `-l 'a,b'` lists every point of the list, as stap does: each one as if it were given alone.
        var declaration = parse.Script!.Declarations.OfType<ProbeDeclaration>().Single();
        var symbols = new Lazy<IKernelSymbols?>(() => KernelSymbols.Open(kernel));
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var point in declaration.Points)
        {
            var alone = WithPoint(parse, declaration, point);
            if (!ListPoint(alone, point, variables, symbols, lines))
            {
                return 1;
            }
        }
        foreach (var line in lines)
        {
            stdout.WriteLine(line);
        }
        return 0;
    }

    /// <summary>The script with its probe at POINT alone; the rest stays, as `-L 'a = b {...} probe a'` defines an alias
    /// there (stap only wraps the argument in <c>probe ... {}</c>; semok defined_list_vars).</summary>
    private static ParseResult WithPoint(ParseResult parse, ProbeDeclaration declaration, ProbePoint point) =>
        parse with
        {
            Script = parse.Script! with
            {
                Declarations = [.. parse.Script.Declarations.Select(d => ReferenceEquals(d, declaration) ? declaration with { Points = [point] } : d)],
            },
        };

    private bool ListPoint(ParseResult parse, ProbePoint point, bool variables, Lazy<IKernelSymbols?> symbols, SortedSet<string> lines)
    {
        var declaration = parse.Script!.Declarations.OfType<ProbeDeclaration>().Single();
        var aliasNames = parse.Tapsets.Append(parse.Script)
            .SelectMany(t => t.Declarations.OfType<AliasDeclaration>())
            .SelectMany(a => a.Names)
            .Where(name => ProbePointGlob.Matches(point, name))
            .Select(ProbePointText.Format)
            .Distinct()
            .ToList();
        if (aliasNames.Count > 0)
        {
            foreach (var name in aliasNames)
            {
                if (!variables)
                {
                    lines.Add(name);
                    continue;
                }
                var named = ParsePoint(name);
                var program = Elaborate(WithPoint(parse, declaration, named), symbols);
                if (program is null)
                {
                    continue;
                }
                var probe = program.Probes.First();
                lines.Add(string.Join(' ', [name, .. Locals(probe), .. TargetVariables(probe.Sites.First(), symbols.Value)]));
            }
            return true;
        }
        var elaborated = Elaborate(parse, symbols);
        if (elaborated is null)
        {
            return false;
        }
        var sites = elaborated.Probes.SelectMany(p => p.Sites).ToList();
        var copies = sites.OfType<KernelFunctionSite>().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            var name = ListedName(site);
            // stap names a function's out-of-line copy and its inlined instances alike (f@FILE:LINE), each with the
            // function's parameters: one line, which the copy's (named f here without the -dbg package) already is.
            if (site is KernelStatementSite && (copies.Contains(name) || InstanceOfCopy(name, copies) is not null))
            {
                continue;
            }
            lines.Add(variables ? string.Join(' ', [name, .. TargetVariables(site, symbols.Value)]) : name);
        }
        return true;
    }

    private ElaboratedProgram? Elaborate(ParseResult parse, Lazy<IKernelSymbols?> symbols)
    {
        var elaboration = new ElaboratePass().Run(parse, new ElaborateOptions(invocation.GuruMode, invocation.ScriptArguments, symbols, SuppressAutoPrint: true)
        {
            Unoptimized = true,
        });
        Report([.. elaboration.Diagnostics.Where(d => d.IsError)]);
        return elaboration.Program;
    }

    private static ProbePoint ParsePoint(string text)
    {
        var parsed = new ParsePass().Run(new ParseInput(new SourceFile("<listing>", $"probe {text} {{}}"), [], new PreprocessorContext("", TargetKernel.Architecture, false, [], _ => null, "5.2")));
        return parsed.Script!.Declarations.OfType<ProbeDeclaration>().Single().Points.Single();
    }

    /// <summary>An alias body's locals in the order they appear, as stap's -L shows them (name:type).</summary>
    private static IEnumerable<string> Locals(Probe probe) =>
        probe.Locals.Where(l => !l.Name.StartsWith("__tmp", StringComparison.Ordinal)).Select(l => l.Name + ":" + l.Type switch
        {
            StapType.Long => "long",
            StapType.String => "string",
            StapType.Stats => "stats",
            _ => "unknown",
        });

    /// <summary>How -l/-L names a site: its pp(), except a marker and a PLT stub, which pp() names by their address and -L
    /// by their name, and a label, which pp() leaves out.</summary>
    /// <summary>The out-of-line copy's name when <paramref name="name"/> is <c>kernel.function("f@FILE:LINE")...</c> and f's
    /// copy is among <paramref name="copies"/>.</summary>
    private static string? InstanceOfCopy(string name, HashSet<string> copies)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        var end = at < 0 ? -1 : name.IndexOf('"', at);
        return end < 0 || !name.StartsWith("kernel.function(\"", StringComparison.Ordinal) || !copies.Contains(name[..at] + name[end..])
            ? null
            : name[..at] + name[end..];
    }

    private static string ListedName(ProbeSite site) => site switch
    {
        UserMarkSite mark => ProbePointText.Format([new ProbePointComponent("process", new StringLiteral(mark.Path, site.Span), site.Span),
            new ProbePointComponent("mark", new StringLiteral(mark.Mark, site.Span), site.Span)]),
        UserPltSite plt => ProbePointText.Format([new ProbePointComponent("process", new StringLiteral(plt.Path, site.Span), site.Span),
            new ProbePointComponent("plt", new StringLiteral(plt.Function, site.Span), site.Span)]) + (plt.Return ? ".return" : ""),
        // As stap: a perf point as written; a watchpoint as written, its address in hex (the length only when written).
        PerfSite => site.Derivation?.Written ?? site.Name,
        HardwareBreakpointSite h when site.Derivation?.Written is { } written && !written.Contains(".length(", StringComparison.Ordinal) =>
            h.Name.Replace(".length(1).", ".", StringComparison.Ordinal),
        KernelStatementSite { Label: { } label } => site.Name + ".label(\"" + label + "\")",
        UserStatementSite { Label: { } label } => site.Name + ".label(\"" + label + "\")",
        _ => site.Name,
    };

    /// <summary>A site's target variables: <c>$return</c> first on a return, then the parameters, with stap's C type names
    /// (a marker's arguments are longs).</summary>
    private static IEnumerable<string> TargetVariables(ProbeSite site, IKernelSymbols? symbols)
    {
        if (site is UserMarkSite mark)
        {
            for (var i = 1; i <= mark.Arguments.Length; i++)
            {
                yield return $"$arg{i}:long";
            }
            yield break;
        }
        if (site is ProcessSyscallSite)
        {
            // stap lists the entry's variables for .syscall.return too.
            foreach (var v in new[] { "$syscall" }.Concat(Enumerable.Range(1, 6).Select(i => "$arg" + i)))
            {
                yield return v + ":long";
            }
            yield break;
        }
        // Without debug information (a PLT stub, a function of a file without DWARF) stap lists no variables.
        if (site is not ITargetVariableSite { DebugInfoFound: true } target || symbols is not IKernelTypes types || target.Prototype(types) is not { } prototype)
        {
            yield break;
        }
        if (target.Return && !prototype.ReturnType.IsVoid)
        {
            yield return "$return:" + StapTypeName(prototype.ReturnType);
        }
        for (var i = 0; i < prototype.Parameters.Count; i++)
        {
            if (target.Listed(i))
            {
                yield return "$" + prototype.Parameters[i].Name + ":" + StapTypeName(prototype.Parameters[i].Type);
            }
        }
    }

    /// <summary>stap's spelling of a C type: qualifiers after what they qualify, <c>*</c> without a space.</summary>
    internal static string StapTypeName(TypeInfo type) => type.Kind switch
    {
        TypeKind.Void => "void",
        TypeKind.Pointer => type.Target is { Kind: TypeKind.Function } ? "void*" : (type.Target is { } t ? StapTypeName(t) : "void") + "*",
        TypeKind.Const => StapTypeName(type.Target!) + " const",
        TypeKind.Volatile => StapTypeName(type.Target!) + " volatile",
        TypeKind.Restrict or TypeKind.TypeTag => StapTypeName(type.Target!),
        TypeKind.Struct => "struct " + type.Name,
        TypeKind.Union => "union " + type.Name,
        TypeKind.Enum => "enum " + type.Name,
        TypeKind.Forward => (type.IsUnionForward ? "union " : "struct ") + type.Name,
        TypeKind.Array => StapTypeName(type.Target!) + "[]",
        _ => type.Name,
    };
}
