namespace Stapper.Parse.RegexSyntax;

/// <summary>
/// Reads a regex literal as stap stores it (string escapes still written out) one character at a
/// time, decoding escapes itself so that error positions are offsets into that text, as stap reports them.
/// A decoded NUL reads as "no character", as in stap.
/// </summary>
internal sealed class RegexCursor
{
    private const string Hex = "0123456789abcdef";

    private readonly byte[] _input;
    private int _next;

    public RegexCursor(byte[] input)
    {
        _input = input;
        Finished = input.Length == 0;
    }

    /// <summary>Offset just past the last character decoded (consumed or peeked).</summary>
    public int Position { get; private set; }

    /// <summary>Offset where the last decoded character began.</summary>
    public int LastPosition { get; private set; }

    public bool Finished { get; private set; }

    /// <summary>The raw byte at an offset (0 past the end).</summary>
    public int RawAt(int offset) => offset < _input.Length ? _input[offset] : 0;

    /// <summary>stap's "at least n raw bytes remain" test, including its unsigned wrap-around for short input.</summary>
    public bool Has(int n) => _input.Length < n || Position <= _input.Length - n;

    public int Next()
    {
        if (_next == 0 && Finished)
        {
            throw new RegexParseFailure(Position, "unexpected end of regex");
        }
        if (_next == 0)
        {
            Decode();
        }
        var c = _next;
        _next = 0;
        return c;
    }

    public int Peek()
    {
        if (_next == 0 && !Finished)
        {
            Decode();
        }
        return _next;
    }

    private void Decode()
    {
        LastPosition = Position;
        int c = _input[Position];
        if (c != '\\')
        {
            Advance(c);
            return;
        }
        Position++;
        if (Position >= _input.Length)
        {
            throw new RegexParseFailure(Position, "unexpected end of regex");
        }
        c = _input[Position];
        switch (c)
        {
            case 'a': c = '\a'; break;
            case 'b': c = '\b'; break;
            case 't': c = '\t'; break;
            case 'n': c = '\n'; break;
            case 'v': c = '\v'; break;
            case 'f': c = '\f'; break;
            case 'r': c = '\r'; break;
            case 'x':
                {
                    if (Position >= _input.Length - 2)
                    {
                        throw new RegexParseFailure(Position, "two hex digits required in escape sequence");
                    }
                    var d1 = Hex.IndexOf(char.ToLowerInvariant((char)_input[Position + 1]), StringComparison.Ordinal);
                    var d2 = Hex.IndexOf(char.ToLowerInvariant((char)_input[Position + 2]), StringComparison.Ordinal);
                    if (d1 < 0 || d2 < 0)
                    {
                        throw new RegexParseFailure(Position + (d1 >= 0 ? 1 : 2), "two hex digits required in escape sequence");
                    }
                    c = (d1 << 4) + d2;
                    Position += 2;
                    break;
                }
            case >= '4' and <= '7':
                throw new RegexParseFailure(Position, "octal escape sequence out of range");
            case >= '0' and <= '3':
                {
                    if (Position >= _input.Length - 2)
                    {
                        throw new RegexParseFailure(Position, "three octal digits required in escape sequence");
                    }
                    var d1 = Octal(_input[Position + 1]);
                    var d2 = Octal(_input[Position + 2]);
                    if (d1 < 0 || d2 < 0)
                    {
                        throw new RegexParseFailure(Position + (d1 >= 0 ? 1 : 2), "three octal digits required in escape sequence");
                    }
                    c = (((c - '0') << 6) + (d1 << 3) + d2) & 0xFF;
                    Position += 2;
                    break;
                }
            default:
                // Any other escaped character stands for itself; the regex parser sees the backslash gone.
                break;
        }
        Advance(c);
    }

    private void Advance(int c)
    {
        _next = c;
        Position++;
        Finished = Position >= _input.Length;
    }

    private static int Octal(byte b) => b is >= (byte)'0' and <= (byte)'7' ? b - '0' : -1;
}
