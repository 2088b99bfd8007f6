using System.Globalization;

namespace Stapper.Run;

/// <summary>stap's <c>-S SIZE[,N]</c>: switch output files at SIZE megabytes, keep the newest N (0: all).</summary>
public sealed record OutputRotation(long MaxBytes, int MaxFiles)
{
    public const string Pattern = "^[0-9]+(,[0-9]+)?$";

    /// <summary>Reads "SIZE[,N]" (already matched against <see cref="Pattern"/>); SIZE is in megabytes, as staprun reads it.</summary>
    public static OutputRotation Parse(string value)
    {
        var parts = value.Split(',');
        var megabytes = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var files = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        return new OutputRotation(megabytes << 20, files);
    }

    /// <summary>The value back in -S form, for the guest's command line.</summary>
    public string Argument => (MaxBytes >> 20).ToString(CultureInfo.InvariantCulture)
        + (MaxFiles > 0 ? "," + MaxFiles.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>The name of output file number <paramref name="n"/> of <paramref name="file"/>: FILE.N, as staprun's stream mode.</summary>
    public static string FileName(string file, int n) => file + "." + n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The output stream under -S: FILE.0 first; a write that would take the current file past the size opens the next
/// (the write is never split, as staprun switches between reads), and past N files the oldest is removed.
/// </summary>
public sealed class RotatingOutputStream : WriteOnlyStream
{
    private readonly string _file;
    private readonly OutputRotation _rotation;
    private FileStream _current;
    private int _number;
    private long _written;

    public RotatingOutputStream(string file, OutputRotation rotation)
    {
        _file = file;
        _rotation = rotation;
        _current = Open(0);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (_written + count > _rotation.MaxBytes)
        {
            _current.Dispose();
            _number++;
            if (_rotation.MaxFiles > 0 && _number >= _rotation.MaxFiles)
            {
                File.Delete(OutputRotation.FileName(_file, _number - _rotation.MaxFiles));
            }
            _current = Open(_number);
            _written = 0;
        }
        _current.Write(buffer, offset, count);
        _written += count;
    }

    public override void Flush() => _current.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();
        }
        base.Dispose(disposing);
    }

    private FileStream Open(int n) =>
        new(OutputRotation.FileName(_file, n), FileMode.Create, FileAccess.Write, FileShare.Read);
}
