using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Stapper.Cli;

/// <summary>
/// A status line for a step that takes seconds (kbuild, a VM boot): "Pass 4: building the module... 3s" on stderr,
/// redrawn twice a second and erased when the step ends, so what follows starts on a clean line. Only on a terminal:
/// with stderr redirected, TERM=dumb or CI set, nothing is written. STAPPER_PROGRESS=always|never overrides.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly Stream? _terminal;
    private readonly string _text;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly Lock _lock = new();
    private bool _done;
    private bool _drawn;

    private ProgressLine(Stream? terminal, string text)
    {
        _terminal = terminal;
        _text = text;
        if (terminal is not null)
        {
            // The first frame after half a second: a step that ends sooner (a cache hit) shows nothing.
            _timer = new Timer(_ => Draw(), null, 500, 500);
        }
    }

    /// <summary>Shows <paramref name="text"/> when stderr is a terminal (see the class); the result is inert otherwise.</summary>
    public static ProgressLine Start(string text) =>
        new(Wanted(Environment.GetEnvironmentVariable("STAPPER_PROGRESS"), Console.IsErrorRedirected,
            Environment.GetEnvironmentVariable("TERM"), Environment.GetEnvironmentVariable("CI")) ? Console.OpenStandardError() : null, text);

    /// <summary>Whether to show progress: the override, else a terminal that is not dumb, outside CI.</summary>
    internal static bool Wanted(string? setting, bool stderrRedirected, string? term, string? ci) => setting switch
    {
        "always" => true,
        "never" => false,
        _ => !stderrRedirected && term is not (null or "" or "dumb") && string.IsNullOrEmpty(ci),
    };

    /// <summary>The line as drawn: carriage return, the text, the whole seconds so far, erase to the end of the line.</summary>
    internal static string Frame(string text, TimeSpan elapsed) =>
        "\r" + text + "... " + ((int)elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s\u001b[K";

    /// <summary>Erases the line and stops redrawing; later calls do nothing.</summary>
    public void Done()
    {
        lock (_lock)
        {
            if (_done)
            {
                return;
            }
            _done = true;
            _timer?.Dispose();
            if (_drawn)
            {
                Write("\r\u001b[K");
            }
        }
    }

    public void Dispose() => Done();

    /// <summary><paramref name="inner"/>, erasing this line before the first write to it.</summary>
    public Stream Before(Stream inner) => new ErasingStream(this, inner);

    private sealed class ErasingStream(ProgressLine line, Stream inner) : Run.WriteOnlyStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            line.Done();
            inner.Write(buffer, offset, count);
        }

        public override void Flush() => inner.Flush();
    }

    private void Draw()
    {
        lock (_lock)
        {
            if (!_done)
            {
                Write(Frame(_text, _elapsed.Elapsed));
                _drawn = true;
            }
        }
    }

    private void Write(string s)
    {
        if (_terminal is null)
        {
            return;
        }
        try
        {
            _terminal.Write(Encoding.UTF8.GetBytes(s));
            _terminal.Flush();
        }
        catch (IOException)
        {
        }
    }
}
