namespace Stapper.Parse.RegexSyntax;

/// <summary>Unwinds the recursive-descent parser to its entry, which turns it into a <see cref="RegexError"/>.</summary>
internal sealed class RegexParseFailure(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}
