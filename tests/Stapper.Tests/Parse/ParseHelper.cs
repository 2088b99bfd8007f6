using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Tests.Parse;

internal static class ParseHelper
{
    public static PreprocessorContext Context(params string[] args) =>
        new("6.8.0-45-generic", "x86_64", false, [.. args], name => name switch
        {
            "CONFIG_MODULES" => "y",
            "CONFIG_NR_CPUS" => "64",
            "CONFIG_HZ" => "250",
            _ => null,
        });

    public static SyntaxTree Parse(string text, out ImmutableArray<Diagnostic> diagnostics, PreprocessorContext? context = null) =>
        new ParsePass().ParseScript(new SourceFile("t.stp", text), context ?? Context(), out diagnostics);

    /// <summary>Parses a script that must be clean and returns its tree.</summary>
    public static SyntaxTree ParseOk(string text, PreprocessorContext? context = null)
    {
        var tree = Parse(text, out var diagnostics, context);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics.Select(Format)));
        return tree;
    }

    /// <summary>The -p1 text of a clean script, without the "# file" header.</summary>
    public static string Print(string text, PreprocessorContext? context = null)
    {
        var printed = SyntaxPrinter.Print(ParseOk(text, context));
        return printed[(printed.IndexOf('\n') + 1)..];
    }

    /// <summary>The one statement of <c>probe begin { STATEMENT }</c>.</summary>
    public static Statement Statement(string statement)
    {
        var probe = Assert.IsType<ProbeDeclaration>(Assert.Single(ParseOk($"probe begin {{ {statement} }}").Declarations));
        return Assert.Single(probe.Body.Statements);
    }

    /// <summary>The expression of <c>probe begin { EXPR }</c>.</summary>
    public static Expression Expr(string expression) =>
        Assert.IsType<ExpressionStatement>(Statement(expression)).Expression;

    /// <summary>An expression in the printer's fully-bracketed form.</summary>
    public static string PrintExpr(string expression) => SyntaxPrinter.Print(Expr(expression));

    public static string Format(Diagnostic d) =>
        $"{d.Kind}: {d.Message} | {d.TokenLabel}: {d.Token}{(d.Span is { } s ? " at " + s : "")}";

    /// <summary>The diagnostics of a script, each as "KIND: MESSAGE | LABEL: TOKEN at FILE:LINE:COL".</summary>
    public static string[] Errors(string text, PreprocessorContext? context = null)
    {
        Parse(text, out var diagnostics, context);
        return [.. diagnostics.Select(Format)];
    }
}
