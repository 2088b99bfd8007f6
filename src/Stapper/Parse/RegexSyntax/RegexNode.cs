using System.Collections.Immutable;

namespace Stapper.Parse.RegexSyntax;

/// <summary>A parsed regular expression, in the operators stap's regex parser builds.</summary>
public abstract record RegexNode;

/// <summary>Matches the empty string (an empty alternative, <c>()</c>, <c>x{0}</c>).</summary>
public sealed record RegexEmpty : RegexNode;

/// <summary>One byte out of a set: a literal, <c>.</c> or a bracket expression.</summary>
public sealed record RegexBytes(ByteSet Set) : RegexNode;

/// <summary>A sequence; a flat list, so long literals do not nest deeply.</summary>
public sealed record RegexConcat(ImmutableArray<RegexNode> Items) : RegexNode
{
    public RegexConcat(RegexNode left, RegexNode right)
        : this([left, right])
    {
    }
}

/// <summary><c>a|b|c</c>; an earlier alternative has priority when several match equally long.</summary>
public sealed record RegexAlternation(ImmutableArray<RegexNode> Choices) : RegexNode
{
    public RegexAlternation(RegexNode left, RegexNode right)
        : this([left, right])
    {
    }
}

/// <summary>One or more, greedy (stap builds <c>*</c> as <c>(x+)?</c>).</summary>
public sealed record RegexPlus(RegexNode Body) : RegexNode;

/// <summary><c>x{min,max}</c> (Max -1: unbounded); stap matches a minimum above the maximum as exactly Min.</summary>
public sealed record RegexRepeat(RegexNode Body, int Min, int Max) : RegexNode;

/// <summary>A capturing group: subexpression Index (0 is the whole match).</summary>
public sealed record RegexGroup(RegexNode Body, int Index) : RegexNode;

/// <summary><c>^</c> (start of the string) or <c>$</c> (its end).</summary>
public sealed record RegexAnchor(bool Start) : RegexNode;
