namespace Stapper.Run;

public sealed partial class RunPass
{
    /// <summary>Whether the module has a write probe on procfs("__stdin") (input.*): its tag from
    /// templates/probes/procfs.liquid.</summary>
    public static bool ModuleReadsStdin(string modulePath) => File.ReadAllBytes(modulePath).AsSpan().IndexOf("stapper_stdin=1\0"u8) >= 0;

    /// <summary>input.char / input.line: stapper's stdin goes to the module's procfs file __stdin, as stap's -i does.</summary>
    sealed partial class Session
    {
        Thread? _stdinPump;
        bool _readsStdin;


        /// <summary>
        /// Relays stdin one byte per write (each write is one procfs write probe hit: input.char sees single
        /// characters) until end of file; a background thread, so a run that ends leaves it blocked in read.
        /// </summary>
        void StartStdinRelay()
        {
            var path = Path.Combine(pass.ProcRoot, "systemtap", _name, "__stdin");
            var fd = Native.Open(path, Native.O_WRONLY);
            if (fd < 0)
            {
                Warning($"cannot open {path} to relay standard input: {Native.StrError(-fd)}");
                return;
            }
            _stdinPump = new Thread(() =>
            {
                var one = new byte[1];
                while (!_stopped && Native.Read(0, one) == 1)
                {
                    if (Native.WriteAll(fd, one) < 0)
                    {
                        break;
                    }
                }
                Native.Close(fd);
            })
            {
                IsBackground = true,
                Name = "stdin relay",
            };
            _stdinPump.Start();
        }
    }
}
