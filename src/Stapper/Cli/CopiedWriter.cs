using System.Text;

namespace Stapper.Cli;

/// <summary>Writes through to <paramref name="target"/> and keeps a copy: what passes 1-3 print, for the translation cache to replay.</summary>
internal sealed class CopiedWriter(TextWriter target) : TextWriter
{
    private readonly StringBuilder _copy = new();

    public override Encoding Encoding => target.Encoding;

    public string Text => _copy.ToString();

    public override void Write(char value)
    {
        target.Write(value);
        _copy.Append(value);
    }

    public override void Write(string? value)
    {
        target.Write(value);
        _copy.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        target.Write(buffer, index, count);
        _copy.Append(buffer, index, count);
    }

    public override void Flush() => target.Flush();
}
