namespace Stapper.Fuzz;

/// <summary>
/// Turns a seed script into a nearby input: byte edits, spliced seed pieces and the tokens that
/// open or close something (strings, comments, embedded C, conditionals, macros), which are where
/// a hand-written lexer and preprocessor go wrong.
/// </summary>
internal sealed class Mutator(Random random, IReadOnlyList<string> seeds)
{
    private static readonly string[] Tokens =
    [
        "%(", "%?", "%:", "%)", "%{", "%}", "\"", "\\", "/*", "*/", "//", "#", "@define ", "@", "$", "$1", "@1", "$#",
        "(", ")", "[", "]", "{", "}", ",", ";", ":", "?", "!", "=", "<<<", ">>>", "++", "--", "->", ".", "*", "**",
        "probe ", "function ", "global ", "private ", "foreach ", "in ", "limit ", "try ", "catch ", "if ", "else ",
        "return ", "next ", "delete ", "@cast(", "@defined(", "@entry(", "@var(", "@hist_log(", "@count(", "$$vars",
        "kernel_v", "CONFIG_", "arch", "systemtap_v", "==", "!=", "<=", "0x", "0", "9223372036854775808", "-", "\n",
        "\t", "\0", "\u00ff", "\r", "%", "=~", "!~", "+=", "begin", "end", "timer.ms(", ".return", "?", "!"
    ];

    public string Mutate(string text)
    {
        var rounds = 1 + random.Next(6);
        for (var i = 0; i < rounds; i++)
        {
            text = MutateOnce(text);
        }
        return text;
    }

    private string MutateOnce(string text)
    {
        var at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
        switch (random.Next(9))
        {
            case 0: // insert a token
                return text.Insert(at, Tokens[random.Next(Tokens.Length)]);
            case 1: // delete a span
                return text.Length == 0 ? text : text.Remove(Math.Min(at, text.Length - 1), Math.Min(1 + random.Next(16), text.Length - Math.Min(at, text.Length - 1)));
            case 2: // replace a character with a random one
                return text.Length == 0 ? text : text.Remove(Math.Min(at, text.Length - 1), 1).Insert(Math.Min(at, text.Length - 1), ((char)random.Next(256)).ToString());
            case 3: // duplicate a span
                {
                    var start = random.Next(text.Length + 1);
                    var length = Math.Min(random.Next(64), text.Length - start);
                    return text.Insert(at, text.Substring(start, length));
                }
            case 4: // splice in a piece of another seed
                {
                    var other = seeds[random.Next(seeds.Count)];
                    var start = random.Next(other.Length + 1);
                    var length = Math.Min(random.Next(200), other.Length - start);
                    return text.Insert(at, other.Substring(start, length));
                }
            case 5: // truncate
                return text[..at];
            case 6: // repeat one token many times (nesting, long chains)
                return text.Insert(at, string.Concat(Enumerable.Repeat(Tokens[random.Next(Tokens.Length)], 1 + random.Next(300))));
            case 7: // swap two lines
                {
                    var lines = text.Split('\n');
                    if (lines.Length > 1)
                    {
                        var a = random.Next(lines.Length);
                        var b = random.Next(lines.Length);
                        (lines[a], lines[b]) = (lines[b], lines[a]);
                    }
                    return string.Join('\n', lines);
                }
            default: // a random digit string, often out of range
                return text.Insert(at, new string('9', 1 + random.Next(25)));
        }
    }
}
