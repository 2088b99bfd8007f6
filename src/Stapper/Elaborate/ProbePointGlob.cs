using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// stap's match of a probe point against a name (an alias's): component by component, functors by fnmatch
/// with FNM_NOESCAPE (the parser lets only <c>*</c> into a functor), arguments equal. A functor with
/// <c>**</c> also spans components: <c>foo**bar</c> is tried as <c>foo*bar</c>, then as <c>foo*</c> followed
/// by <c>**bar</c> on the next component, so <c>a.**</c> matches <c>a.b</c> and <c>a.b.c</c> but not <c>a</c>.
/// </summary>
internal static class ProbePointGlob
{
    public static bool Matches(ProbePoint point, ProbePoint name) =>
        !point.Components.IsEmpty
        && Matches(point.Components[0].Functor, point.Components[0].Argument, point.Components.AsSpan()[1..], name.Components.AsSpan());

    /// <summary>Whether <paramref name="name"/> matches one component (functor, argument) followed by <paramref name="rest"/>.</summary>
    private static bool Matches(string functor, Literal? argument, ReadOnlySpan<ProbePointComponent> rest, ReadOnlySpan<ProbePointComponent> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        var doubleGlob = functor.IndexOf("**", StringComparison.Ordinal);
        if (doubleGlob >= 0)
        {
            var prefix = functor[..doubleGlob];
            var suffix = functor[doubleGlob..].TrimStart('*');
            // The argument belongs to the last component the ** reaches, as in stap.
            return Matches(prefix + "*" + suffix, argument, rest, name)
                || (Matches(prefix + "*", null, [], name[..1]) && Matches("**" + suffix, argument, rest, name[1..]));
        }
        if (!Glob.Match(functor, name[0].Functor, GlobOptions.NoEscape) || !Equals(Value(argument), Value(name[0].Argument)))
        {
            return false;
        }
        return rest.IsEmpty
            ? name.Length == 1
            : Matches(rest[0].Functor, rest[0].Argument, rest[1..], name[1..]);
    }

    private static object? Value(Literal? literal) => literal switch
    {
        NumberLiteral n => n.Value,
        StringLiteral s => s.Value,
        _ => null,
    };
}
