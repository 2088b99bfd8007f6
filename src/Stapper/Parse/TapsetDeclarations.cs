using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Matching;
using Stapper.Parse.Lexing;

namespace Stapper.Parse;

/// <summary>
/// What a tapset file declares at its top level: function, global and probe alias names. Read from its tokens
/// without the preprocessor, so every branch of its <c>%( %)</c> conditions counts: a superset, which only ever
/// makes pass 1 parse a file it did not need. Always: the file could not be scanned, so it is always parsed.
/// Each kind is one string of names separated by single spaces, as the tapset index stores it: a run reads the
/// index for every library file, and most files' names are only ever compared, never needed one by one.
/// </summary>
public sealed record TapsetDeclarations(string Functions, string Globals, string Aliases, bool Always)
{
    public static readonly TapsetDeclarations Unknown = new("", "", "", true);

    /// <summary>Whether a script naming these identifiers and probe points may use something this file declares.</summary>
    public bool Provides(HashSet<string> identifiers, IEnumerable<ImmutableArray<string>> probePoints)
    {
        if (Always || AnyNamed(Functions, identifiers) || AnyNamed(Globals, identifiers))
        {
            return true;
        }
        return Aliases.Length > 0 && probePoints.Any(AliasMayMatch);
    }

    /// <summary>The names of one kind, one by one.</summary>
    public static IEnumerable<string> Names(string names) => names.Length == 0 ? [] : names.Split(' ');

    private static bool AnyNamed(string names, HashSet<string> identifiers)
    {
        if (names.Length == 0 || identifiers.Count == 0)
        {
            return false;
        }
        if (!identifiers.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            return Names(names).Any(identifiers.Contains);
        }
        foreach (var range in names.AsSpan().Split(' '))
        {
            if (lookup.Contains(names.AsSpan()[range]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A probe point's components against an alias name's, over the shorter of the two (a probe point may add
    /// suffixes to an alias), each component a glob: wider than stap's matching, never narrower. Pass 1 asks every
    /// unread file each round, so this reads the names in place.
    /// </summary>
    private bool AliasMayMatch(ImmutableArray<string> probePoint)
    {
        if (probePoint.Length == 0)
        {
            return false;
        }
        foreach (var range in Aliases.AsSpan().Split(' '))
        {
            if (AliasMayMatch(Aliases.AsSpan()[range], probePoint))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AliasMayMatch(ReadOnlySpan<char> alias, ImmutableArray<string> probePoint)
    {
        var rest = alias;
        foreach (var component in probePoint)
        {
            var dot = rest.IndexOf('.');
            var part = dot < 0 ? rest : rest[..dot];
            if (!(Glob.HasWildcards(component) ? Glob.Match(component.AsSpan(), part) : part.SequenceEqual(component)))
            {
                return false;
            }
            if (dot < 0)
            {
                return true;
            }
            rest = rest[(dot + 1)..];
        }
        return true;
    }

    public static TapsetDeclarations Scan(SourceFile file)
    {
        var functions = new SortedSet<string>(StringComparer.Ordinal);
        var globals = new SortedSet<string>(StringComparer.Ordinal);
        var aliases = new SortedSet<string>(StringComparer.Ordinal);
        var tokens = new List<Token>();
        var lexer = new Lexer(file, []);
        while (lexer.Scan() is { } token)
        {
            if (token.Kind == TokenKind.Junk)
            {
                return Unknown;
            }
            tokens.Add(token);
        }
        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.IsOperator("{"))
            {
                depth++;
            }
            else if (t.IsOperator("}"))
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth > 0)
            {
                continue;
            }
            else if (t.IsKeyword("function") && !(i > 0 && tokens[i - 1].IsOperator(".")) && i + 1 < tokens.Count
                && tokens[i + 1].Kind == TokenKind.Identifier)
            {
                functions.Add(tokens[++i].Text);
            }
            else if (t.IsKeyword("global"))
            {
                i = ScanGlobals(tokens, i + 1, globals) - 1;
            }
            else if (t.IsKeyword("probe"))
            {
                i = ScanAliasNames(tokens, i + 1, aliases) - 1;
            }
        }
        return new TapsetDeclarations(string.Join(' ', functions), string.Join(' ', globals), string.Join(' ', aliases), false);
    }

    /// <summary>The names of <c>global a, b[N], c = -1</c>; returns the index after the declaration.</summary>
    private static int ScanGlobals(List<Token> tokens, int i, SortedSet<string> globals)
    {
        while (i < tokens.Count && tokens[i].Kind == TokenKind.Identifier)
        {
            globals.Add(tokens[i++].Text);
            if (i < tokens.Count && tokens[i].IsOperator("["))
            {
                while (i < tokens.Count && !tokens[i].IsOperator("]"))
                {
                    i++;
                }
                i++;
            }
            if (i < tokens.Count && tokens[i].IsOperator("="))
            {
                i += i + 1 < tokens.Count && tokens[i + 1].IsOperator("-") ? 3 : 2;
            }
            if (i >= tokens.Count || !tokens[i].IsOperator(","))
            {
                break;
            }
            i++;
        }
        return i;
    }

    /// <summary>
    /// The alias names of <c>probe A = B += C { ... }</c> (each probe point before an <c>=</c> or <c>+=</c>), as
    /// dotted component names without arguments; returns the index of the body's <c>{</c>.
    /// </summary>
    private static int ScanAliasNames(List<Token> tokens, int i, SortedSet<string> aliases)
    {
        var points = new List<string>();
        var current = new List<string>();
        var parentheses = 0;
        var afterName = false;
        for (; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (parentheses > 0)
            {
                parentheses += t.IsOperator("(") ? 1 : t.IsOperator(")") ? -1 : 0;
                continue;
            }
            if (t.IsOperator("{"))
            {
                break;
            }
            if (t.IsOperator("("))
            {
                parentheses = 1;
            }
            else if (t.IsOperator("%("))
            {
                // A condition picks between probe points: each branch is one, the condition none.
                points.Add(string.Join('.', current));
                current.Clear();
                while (i + 1 < tokens.Count && !tokens[i + 1].IsOperator("%?"))
                {
                    i++;
                }
            }
            else if (t.IsOperator(",") || t.Kind == TokenKind.Operator && t.Text.StartsWith('%'))
            {
                points.Add(string.Join('.', current));
                current.Clear();
            }
            else if (t.IsOperator("=") || t.IsOperator("+="))
            {
                points.Add(string.Join('.', current));
                aliases.UnionWith(points.Where(p => p.Length > 0));
                points.Clear();
                current.Clear();
            }
            else if (t.Kind is TokenKind.Identifier or TokenKind.Keyword && !afterName)
            {
                // A component; a name right after one (the "if" of a condition) is not.
                current.Add(t.Text);
            }
            afterName = t.Kind is TokenKind.Identifier or TokenKind.Keyword;
        }
        return i;
    }
}
