namespace Stapper.Diagnostics;

/// <summary>A script or tapset as read: its name as the user sees it and its text.</summary>
public sealed class SourceFile
{
    private int[]? _lineStarts;

    public SourceFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }
    public string Text { get; }

    /// <summary>1-based line and column of an offset.</summary>
    public (int Line, int Column) LineColumn(int offset)
    {
        var starts = LineStarts();
        var index = Array.BinarySearch(starts, Math.Clamp(offset, 0, Text.Length));
        if (index < 0)
        {
            index = ~index - 1;
        }
        return (index + 1, offset - starts[index] + 1);
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string LineText(int line)
    {
        var starts = LineStarts();
        if (line < 1 || line > starts.Length)
        {
            return "";
        }
        var start = starts[line - 1];
        var end = line < starts.Length ? starts[line] : Text.Length;
        return Text[start..end].TrimEnd('\n', '\r');
    }

    private int[] LineStarts()
    {
        if (_lineStarts is null)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < Text.Length; i++)
            {
                if (Text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }
            _lineStarts = starts.ToArray();
        }
        return _lineStarts;
    }

    public override string ToString() => Path;
}
