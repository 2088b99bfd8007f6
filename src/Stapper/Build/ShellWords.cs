using System.Text;

namespace Stapper.Build;

/// <summary>
/// Splits the compiler part of a kbuild command into words as sh would (quotes, backslashes), so pass 4 can
/// run gcc itself and edit its options; null when the text needs more of the shell (variables, globs, pipes).
/// </summary>
internal static class ShellWords
{
    public static IReadOnlyList<string>? Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }
                    continue;
                case '\'':
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return null;
                    }
                    word.Append(command, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    var end = i + 1;
                    for (; end < command.Length && command[end] != '"'; end++)
                    {
                        if (command[end] is '\\' or '$' or '`')
                        {
                            return null;
                        }
                    }
                    if (end == command.Length)
                    {
                        return null;
                    }
                    word.Append(command, i + 1, end - i - 1);
                    i = end;
                    break;
                case '\\':
                    if (i + 1 == command.Length)
                    {
                        return null;
                    }
                    word.Append(command[++i]);
                    break;
                case '$' or '`' or '|' or '&' or ';' or '<' or '>' or '(' or ')' or '*' or '?' or '[' or '#' or '~':
                    return null;
                default:
                    word.Append(c);
                    break;
            }
            inWord = true;
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }
}
