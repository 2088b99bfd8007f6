using System.Collections.Immutable;
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
    public static bool Matches(ProbePoint point, ProbePoint name) => Matches(point, name.Components, SameValue);

    /// <summary>
    /// Whether <paramref name="point"/> matches a probe type of a family (<c>timer.jiffies(number)</c>, as
    /// --dump-probe-types prints it): functors by fnmatch as above, each argument of the type's kind.
    /// </summary>
    public static bool MatchesType(ProbePoint point, ImmutableArray<ProbePointComponent> type) => Matches(point, type, SameKind);

    private static bool Matches(ProbePoint point, ImmutableArray<ProbePointComponent> name, Func<Literal?, Literal?, bool> arguments) =>
        !point.Components.IsEmpty
        && Matches(point.Components[0].Functor, point.Components[0].Argument, point.Components.AsSpan()[1..], name.AsSpan(), arguments);

    public static bool SameValue(Literal? a, Literal? b) => Equals(Value(a), Value(b));

    private static bool SameKind(Literal? a, Literal? b) => a?.GetType() == b?.GetType();

    /// <summary>Whether <paramref name="name"/> matches one component (functor, argument) followed by <paramref name="rest"/>.</summary>
    private static bool Matches(string functor, Literal? argument, ReadOnlySpan<ProbePointComponent> rest, ReadOnlySpan<ProbePointComponent> name,
        Func<Literal?, Literal?, bool> arguments)
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
            return Matches(prefix + "*" + suffix, argument, rest, name, arguments)
                || (Matches(prefix + "*", null, [], name[..1], arguments) && Matches("**" + suffix, argument, rest, name[1..], arguments));
        }
        if (!Glob.Match(functor, name[0].Functor, GlobOptions.NoEscape) || !arguments(argument, name[0].Argument))
        {
            return false;
        }
        return rest.IsEmpty
            ? name.Length == 1
            : Matches(rest[0].Functor, rest[0].Argument, rest[1..], name[1..], arguments);
    }

    private static object? Value(Literal? literal) => literal switch
    {
        NumberLiteral n => n.Value,
        StringLiteral s => s.Value,
        _ => null,
    };
}
