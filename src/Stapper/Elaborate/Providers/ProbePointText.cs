using System.Text;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>stap's printed form of a probe point, which is also what pp() returns.</summary>
internal static class ProbePointText
{
    public static string Format(IEnumerable<ProbePointComponent> components)
    {
        var text = new StringBuilder();
        foreach (var component in components)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }
            text.Append(component.Functor);
            if (component.Argument is not null)
            {
                text.Append('(').Append(Argument(component.Argument)).Append(')');
            }
        }
        return text.ToString();
    }

    public static string Format(ProbePoint point) => Format(point.Components);

    /// <summary>A point as stap prints it in a derivation: with its <c>!</c> or <c>?</c> and its condition.</summary>
    public static string Signature(ProbePoint point) =>
        Format(point) + (point.Sufficient ? "!" : point.Optional ? "?" : "") + (point.Condition is { } c ? " if (" + SyntaxPrinter.Print(c) + ")" : "");

    /// <summary>An alias as stap prints it in a derivation: its names, then its points.</summary>
    public static string Signature(AliasDeclaration alias) =>
        string.Join(" = ", alias.Names.Select(Signature)) + (alias.IsEpilogue ? " += " : " = ") + string.Join(", ", alias.Targets.Select(Signature));

    private static string Argument(Literal literal) => literal switch
    {
        NumberLiteral n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        StringLiteral s => "\"" + s.Value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        _ => "",
    };
}
