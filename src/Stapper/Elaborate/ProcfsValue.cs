using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// <c>$value</c> in a procfs probe, rewritten as stap rewrites it into calls of the procfs tapset: read in a write
/// probe (<c>_procfs_value_get()</c>), set or appended to in a read probe (<c>$value = v</c>, <c>$value .= v</c>);
/// <c>@defined($value)</c> is 1. Any other use is left as written, for the binder's error.
/// </summary>
internal sealed class ProcfsValue(bool write, SourceSpan? firstSet) : SyntaxRewriter
{
    public static ResolvedProbe Rewrite(ResolvedProbe probe)
    {
        if (probe.Sites.IsEmpty || !probe.Sites.All(s => s is ProcfsSite) || probe.Sites.Select(s => ((ProcfsSite)s).Write).Distinct().Count() != 1)
        {
            return probe;
        }
        var rewriter = new ProcfsValue(((ProcfsSite)probe.Sites[0]).Write, FirstSet(probe.Body.Span.File));
        return probe with { Body = (Block)rewriter.Statement(probe.Body) };
    }

    /// <summary>
    /// Where the file first assigns <c>$value</c>: stap makes one function of all the file's assignments, so its
    /// run-time errors name that place whichever assignment failed; so do these calls. (Found in the text: an
    /// assignment spelled in a comment before the first real one would be taken for it.)
    /// </summary>
    private static SourceSpan? FirstSet(SourceFile file)
    {
        var at = System.Text.RegularExpressions.Regex.Match(file.Text, @"\$value\s*\.?=[^=]");
        return at.Success ? new SourceSpan(file, at.Index, at.Index + 6) : null;
    }

    private static bool IsValue(Expression e) => e is TargetVariable { Name: "value", Components.IsEmpty: true, AddressOf: false, PrettyPrint: 0 };

    public override Expression Expression(Expression e) => e switch
    {
        DefinedExpression d when IsValue(d.Operand) => new NumberLiteral(1, "1", d.Span),
        AssignmentExpression { Operator: AssignmentOperator.Assign or AssignmentOperator.ConcatenateAssign } a when !write && IsValue(a.Target) =>
            new FunctionCall(a.Operator == AssignmentOperator.Assign ? "_procfs_value_set" : "_procfs_value_append",
                [Expression(a.Value)], firstSet ?? a.Target.Span, a.Span)
            { Spelling = "$value" },
        TargetVariable v when write && IsValue(v) => new FunctionCall("_procfs_value_get", [], v.Span, v.Span) { Spelling = "$value" },
        _ => base.Expression(e),
    };
}
