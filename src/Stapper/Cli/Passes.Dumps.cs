using Stapper.Elaborate.Providers;
using Stapper.Parse;

namespace Stapper.Cli;

/// <summary>What --dump-probe-types, --dump-probe-aliases, --dump-functions and --dump-macros print.</summary>
public enum DumpKind
{
    ProbeTypes,
    ProbeAliases,
    Functions,
    Macros,
}

internal sealed partial class Passes
{
    /// <summary>
    /// stap's dumps, sorted: the families' probe point patterns; every tapset alias with what it expands to
    /// (<c>?</c> optional, <c>!</c> sufficient); every public tapset function with its declared types (undeclared ones
    /// are <c>unknown</c>: Stapper infers types only for what a script uses); the tapsets' <c>@define</c> macros.
    /// </summary>
    private int Dump(ParseResult parse, DumpKind kind)
    {
        var declarations = parse.Tapsets.SelectMany(t => t.Declarations).ToList();
        IEnumerable<string> lines = kind switch
        {
            DumpKind.ProbeTypes => ProbeFamilies.All.SelectMany(f => f.Provider.ProbeTypes),
            DumpKind.ProbeAliases => declarations.OfType<AliasDeclaration>().SelectMany(a => a.Names.Select(name =>
                ProbePointText.Format(name) + " = " + string.Join(", ", a.Targets.Select(Target)))),
            DumpKind.Functions => declarations.OfType<FunctionDeclaration>()
                .Where(f => !f.IsPrivate && (invocation.Verbosity > 0 || !f.Name.StartsWith('_')))
                .Select(Signature),
            _ => parse.LibraryMacros
                .Select(m => "@" + m.Name + (m.Parameters.IsEmpty ? "" : "(" + string.Join(", ", m.Parameters) + ")")),
        };
        foreach (var line in lines.Distinct().Order(StringComparer.Ordinal))
        {
            stdout.WriteLine(line);
        }
        return 0;
    }

    private static string Target(ProbePoint point) =>
        ProbePointText.Format(point) + (point.Sufficient ? "!" : point.Optional ? "?" : "");

    private static string Signature(FunctionDeclaration function)
    {
        static string Type(TypeName? type) => type switch
        {
            TypeName.Long => "long",
            TypeName.String => "string",
            _ => "unknown",
        };
        var pragmas = function.EmbeddedBody?.Pragmas ?? EmbeddedPragmas.None;
        var tag = pragmas.HasFlag(EmbeddedPragmas.Unprivileged) ? " /* unprivileged */"
            : pragmas.HasFlag(EmbeddedPragmas.MyprocUnprivileged) ? " /* myproc-unprivileged */" : "";
        return $"{function.Name}:{Type(function.ReturnType)} ({string.Join(", ", function.Parameters.Select(p => p.Name + ":" + Type(p.Type)))}){tag}";
    }
}
