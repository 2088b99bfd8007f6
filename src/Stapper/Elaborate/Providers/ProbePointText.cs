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

    private static string Argument(Literal literal) => literal switch
    {
        NumberLiteral n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        StringLiteral s => "\"" + s.Value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        _ => "",
    };
}
