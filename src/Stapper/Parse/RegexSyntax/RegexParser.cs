using System.Globalization;
using System.Text;

namespace Stapper.Parse.RegexSyntax;

/// <summary>
/// Parses a regex literal with stap's grammar and quirks: POSIX ERE plus escapes, <c>(?:</c>, class
/// aliases; a repetition count must stay below 12345; a final unmatched <c>)</c> is ignored.
/// Input is the literal as stap keeps it (string escapes not yet decoded).
/// </summary>
public sealed class RegexParser
{
    /// <summary>stap's bound on a repetition count.</summary>
    public const int MaxRepetitions = 12345;

    /// <summary>Parentheses nested deeper than this are refused rather than risking the stack (stap has no such bound).</summary>
    public const int MaxNesting = 4000;

    private readonly RegexCursor _cursor;
    private int _groups;
    private int _depth;

    private RegexParser(byte[] input)
    {
        _cursor = new RegexCursor(input);
    }

    public static RegexParse Parse(string literal)
    {
        var parser = new RegexParser(Encoding.UTF8.GetBytes(literal));
        try
        {
            return parser.Run();
        }
        catch (RegexParseFailure e)
        {
            return new RegexParse(null, 0, new RegexError(e.Position, e.Message));
        }
    }

    private RegexParse Run()
    {
        _groups = 1;
        var tree = new RegexGroup(Expression(), 0);
        if (!_cursor.Finished)
        {
            if (_cursor.Peek() == ')')
            {
                throw new RegexParseFailure(_cursor.Position, "unbalanced ')'");
            }
            throw new RegexParseFailure(_cursor.Position, "BUG -- regex parse failed to finish for unknown reasons");
        }
        return new RegexParse(tree, _groups, null);
    }

    private RegexParseFailure Failure(string message) => new(_cursor.LastPosition, message);

    private static bool IsSpecial(int c) => c is '.' or '[' or '{' or '(' or ')' or '\\' or '*' or '+' or '?' or '|' or '^' or '$';

    private static bool IsClosure(int c) => c is '*' or '+' or '?' or '{';

    private static string Char(int c) => ((char)c).ToString();

    private void Expect(int expected)
    {
        int c;
        try
        {
            c = _cursor.Next();
        }
        catch (RegexParseFailure)
        {
            throw Failure($"expected {Char(expected)}, found end of regex");
        }
        if (c != expected)
        {
            throw Failure($"expected {Char(expected)}, found {Char(c)}");
        }
    }

    private RegexNode Expression()
    {
        var choices = new List<RegexNode> { Term() };
        while (_cursor.Peek() == '|')
        {
            _cursor.Next();
            choices.Add(Term());
        }
        return choices.Count == 1 ? choices[0] : new RegexAlternation([.. choices]);
    }

    private RegexNode Term()
    {
        var items = new List<RegexNode> { Factor() };
        for (var c = _cursor.Peek(); c != 0 && c != '|' && c != ')'; c = _cursor.Peek())
        {
            items.Add(Factor());
        }
        return items.Count == 1 ? items[0] : new RegexConcat([.. items]);
    }

    private RegexNode Factor()
    {
        var c = _cursor.Peek();
        if (c == 0 || c == '|' || c == ')')
        {
            return new RegexEmpty();
        }
        if (IsClosure(c))
        {
            throw Failure($"unexpected '{Char(c)}'");
        }
        if (IsSpecial(c) && c != '\\')
        {
            _cursor.Next();
        }

        RegexNode result;
        RegexNode? before = null;
        switch (c)
        {
            case '.':
                result = new RegexBytes(ByteSet.AnyButNul);
                break;
            case '[':
                result = Bracket();
                Expect(']');
                break;
            case '(':
                result = Group();
                break;
            case '^' or '$':
                result = new RegexAnchor(c == '^');
                break;
            default:
                (before, result) = Literal(c);
                break;
        }

        for (c = _cursor.Peek(); IsClosure(c); c = _cursor.Peek())
        {
            _cursor.Next();
            if (result is RegexAnchor)
            {
                throw Failure($"postfix closure '{Char(c)}' applied to anchoring operator");
            }
            result = c switch
            {
                '*' => new RegexAlternation(new RegexPlus(result), new RegexEmpty()),
                '+' => new RegexPlus(result),
                '?' => new RegexAlternation(result, new RegexEmpty()),
                _ => Bounds(result),
            };
        }
        return before is null ? result : new RegexConcat(before, result);
    }

    private RegexNode Group()
    {
        if (++_depth > MaxNesting)
        {
            throw Failure("regex nesting too deep");
        }
        var capture = true;
        if (_cursor.Peek() == '?')
        {
            _cursor.Next();
            var c3 = _cursor.Peek();
            if (c3 != ':')
            {
                throw Failure($"unexpected '(?{Char(c3)}'");
            }
            // stap leaves the ':' to be matched literally.
            capture = false;
        }
        var index = capture ? _groups++ : -1;
        var body = Expression();
        Expect(')');
        _depth--;
        return capture ? new RegexGroup(body, index) : body;
    }

    /// <summary>A run of ordinary or escaped characters; a closure after it governs only the last one.</summary>
    private (RegexNode? Before, RegexNode Last) Literal(int c)
    {
        var run = new List<int>();
        var last = 0;
        while (c != 0 && (!IsSpecial(c) || c == '\\'))
        {
            if (c == '\\')
            {
                _cursor.Next();
                c = _cursor.Peek();
            }
            _cursor.Next();
            var d = _cursor.Peek();
            if (IsClosure(d))
            {
                last = c;
                break;
            }
            run.Add(c);
            c = d;
        }
        var text = Sequence(run);
        return last != 0 ? (text, new RegexBytes(ByteSet.Of(last))) : (null, text);
    }

    private static RegexNode Sequence(List<int> run) => run.Count switch
    {
        0 => new RegexEmpty(),
        1 => new RegexBytes(ByteSet.Of(run[0])),
        _ => new RegexConcat([.. run.Select(c => (RegexNode)new RegexBytes(ByteSet.Of(c)))]),
    };

    private RegexNode Bounds(RegexNode body)
    {
        var min = Number();
        int max;
        var c = _cursor.Next();
        if (c == ',')
        {
            c = _cursor.Peek();
            if (c == '}')
            {
                _cursor.Next();
                max = -1;
            }
            else if (c is >= '0' and <= '9')
            {
                max = Number();
                Expect('}');
            }
            else
            {
                throw new RegexParseFailure(_cursor.Position, "expected '}' or number");
            }
        }
        else if (c == '}')
        {
            max = min;
        }
        else
        {
            throw Failure("expected ',' or '}'");
        }
        return (min, max) switch
        {
            (0, -1) => new RegexAlternation(new RegexPlus(body), new RegexEmpty()),
            (1, -1) => new RegexPlus(body),
            _ => new RegexRepeat(body, min, max),
        };
    }

    private int Number()
    {
        var digits = new StringBuilder();
        for (var c = _cursor.Peek(); c is >= '0' and <= '9'; c = _cursor.Peek())
        {
            _cursor.Next();
            digits.Append((char)c);
        }
        if (digits.Length == 0)
        {
            throw new RegexParseFailure(_cursor.Position, "expected number");
        }
        if (!long.TryParse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new RegexParseFailure(_cursor.Position, $"could not parse number {digits}");
        }
        if (value >= MaxRepetitions)
        {
            throw new RegexParseFailure(_cursor.Position, $"{digits} is too large");
        }
        return (int)value;
    }

    private RegexNode Bracket()
    {
        var invert = false;
        if (_cursor.Peek() == '^')
        {
            invert = true;
            _cursor.Next();
        }
        var set = ByteSet.Empty;
        while (true)
        {
            if (_cursor.Finished)
            {
                throw Failure("unclosed character class");
            }
            set = set.Union(BracketItem());
            if (_cursor.Peek() == ']')
            {
                break;
            }
        }
        if (invert)
        {
            set = set.Invert();
        }
        return set.IsEmpty ? new RegexEmpty() : new RegexBytes(set);
    }

    /// <summary>One item of a bracket expression: an (escaped) character, a range, or <c>[:class:]</c>.</summary>
    private ByteSet BracketItem()
    {
        var c = _cursor.Peek();
        if (c == '\\')
        {
            _cursor.Next();
            c = _cursor.Peek();
            _cursor.Next();
        }
        else if (c == '[')
        {
            _cursor.Next();
            c = _cursor.Peek();
            if (c == ':')
            {
                _cursor.Next();
                c = _cursor.Peek();
                var name = new StringBuilder();
                while (true)
                {
                    if (_cursor.Finished)
                    {
                        throw new RegexParseFailure(_cursor.Position, $"unclosed character class '[:{name}'");
                    }
                    if (_cursor.Has(2) && c == ':' && _cursor.RawAt(_cursor.Position) == ']')
                    {
                        _cursor.Next();
                        _cursor.Next();
                        return CharacterClasses.Named(name.ToString())
                            ?? throw new RegexParseFailure(-1, $"unknown character class '{name}'");
                    }
                    name.Append((char)c);
                    _cursor.Next();
                    c = _cursor.Peek();
                }
            }
            c = '[';
        }
        else
        {
            _cursor.Next();
        }

        var low = c;
        if (!_cursor.Has(2) || _cursor.Peek() != '-' || _cursor.RawAt(_cursor.Position) == ']')
        {
            return ByteSet.Of(low);
        }
        _cursor.Next();
        var high = _cursor.Peek();
        if (high < low)
        {
            throw new RegexParseFailure(_cursor.Position, $"Inverted character range {Char(low)}-{Char(high)}");
        }
        _cursor.Next();
        return ByteSet.Range(low, high);
    }
}
