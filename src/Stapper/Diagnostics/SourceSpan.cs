namespace Stapper.Diagnostics;

/// <summary>Where a node or token stands: a half-open range of offsets in one file.</summary>
public readonly record struct SourceSpan(SourceFile File, int Start, int End)
{
    public int Line => File.LineColumn(Start).Line;
    public int Column => File.LineColumn(Start).Column;

    /// <summary>The span covering both, for a node built from its first and last parts.</summary>
    public SourceSpan To(SourceSpan other) => new(File, Math.Min(Start, other.Start), Math.Max(End, other.End));

    /// <summary>stap's form: FILE:LINE:COL.</summary>
    public override string ToString() => $"{File.Path}:{Line}:{Column}";
}
