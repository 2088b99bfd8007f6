namespace Stapper.Parse.RegexSyntax;

/// <summary>The parser's result: the tree and its count of subexpressions (group 0 included), or an error.</summary>
public sealed record RegexParse(RegexNode? Tree, int Groups, RegexError? Error);
