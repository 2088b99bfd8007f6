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
/// The -o file: under -S, FILE.0 first; a write that would take the current file past the size opens the next
/// (the write is never split, as staprun switches between reads), and past N files the oldest is removed. Without
/// -S, FILE itself first. Either way, after <see cref="RequestSwitch"/> (switch_file(), SIGUSR2) the next write
/// opens the next file, FILE.1 after FILE, as staprun's stream mode.
/// </summary>
public sealed class RotatingOutputStream : WriteOnlyStream
{
    private readonly string _file;
    private readonly OutputRotation? _rotation;
    private FileStream _current;
    private int _number;
    private long _written;
    private int _switchRequested;

    public RotatingOutputStream(string file, OutputRotation? rotation)
    {
        _file = file;
        _rotation = rotation;
        _current = Open(0);
    }

    /// <summary>Safe from any thread (a signal handler's): the switch happens at the next write.</summary>
    public void RequestSwitch() => Interlocked.Exchange(ref _switchRequested, 1);

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Interlocked.Exchange(ref _switchRequested, 0) == 1 || _rotation is { } r && _written + count > r.MaxBytes)
        {
            _current.Dispose();
            _number++;
            if (_rotation is { MaxFiles: > 0 } keep && _number >= keep.MaxFiles)
            {
                File.Delete(OutputRotation.FileName(_file, _number - keep.MaxFiles));
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
        new(_rotation is null && n == 0 ? _file : OutputRotation.FileName(_file, n), FileMode.Create, FileAccess.Write, FileShare.Read);
}
