namespace Stapper.DebugInfo;

/// <summary>
/// A malformed or unsupported debug-info file. Carries the file and the byte offset at fault
/// so pass 2 can turn it into a diagnostic. Every reader in this namespace throws this (and only
/// this) for bad input: never IndexOutOfRangeException, never an endless loop.
/// </summary>
public sealed class DebugInfoFormatException : Exception
{
    public DebugInfoFormatException(string file, long offset, string message, Exception? inner = null)
        : base($"{file}: at offset 0x{offset:x}: {message}", inner)
    {
        File = file;
        Offset = offset;
        Reason = message;
    }

    /// <summary>File (or "file(section)") the bad bytes came from.</summary>
    public string File { get; }

    /// <summary>Byte offset of the fault, relative to the start of <see cref="File"/>'s data.</summary>
    public long Offset { get; }

    /// <summary>The message without file and offset.</summary>
    public string Reason { get; }
}
