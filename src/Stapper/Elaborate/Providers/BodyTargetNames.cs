using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>The target variables a probe body names (<c>$x</c> as "x"), for a provider that reads more debug information
/// only when the body asks for what BTF lacks.</summary>
internal sealed class BodyTargetNames : SyntaxRewriter
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public static IReadOnlySet<string> Of(Statement body)
    {
        var walker = new BodyTargetNames();
        walker.Statement(body);
        return walker._names;
    }

    public override Expression Expression(Expression e)
    {
        if (e is TargetVariable v)
        {
            _names.Add(v.Name);
        }
        return base.Expression(e);
    }
}
