namespace Stapper.Elaborate.Providers;

/// <summary>
/// stap's warning (PR 11553) when a <c>.return</c> point matched only inlined instances, which have no return to probe:
/// the distinct names sorted, the list cut after 80 characters; stap picks the plural by the list's length, so it
/// always reads "functions". The point's "no match" follows.
/// </summary>
internal static class InlinedReturn
{
    public static void Warn(IEnumerable<string> functions, ProviderContext context)
    {
        var names = functions.Distinct().Order(StringComparer.Ordinal).ToList();
        var list = "";
        foreach (var name in names)
        {
            list += " " + name;
            if (list.Length > 80)
            {
                list += " ...";
                break;
            }
        }
        context.Diagnostics.Warning("sema.inline-return", "cannot probe .return of " + names.Count + " inlined functions " + list, null);
    }
}
