using System.IO.Compression;

namespace Stapper.DebugInfo;

/// <summary>Decoders used for compressed sections, compressed modules and the kernel image.
/// zlib and gzip come with .NET; xz and zstd come from SharpCompress (managed code).</summary>
public static class Decompression
{
    /// <summary>Largest whole-file decode accepted (a compressed module or kernel image), against decompression bombs.</summary>
    public const long MaxDecodedSize = 1L << 30;

    public static readonly byte[] XzMagic = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];
    public static readonly byte[] ZstdMagic = [0x28, 0xB5, 0x2F, 0xFD];
    public static readonly byte[] GzipMagic = [0x1F, 0x8B];

    /// <summary>Inflates a zlib stream whose decoded size is known.</summary>
    public static byte[] Zlib(ReadOnlySpan<byte> input, long expectedSize, string file, long offset) =>
        Run(input, expectedSize, file, offset, "zlib", s => new ZLibStream(s, CompressionMode.Decompress));

    public static byte[] Zstd(ReadOnlySpan<byte> input, long expectedSize, string file, long offset) =>
        Run(input, expectedSize, file, offset, "zstd", s => new SharpCompress.Compressors.ZStandard.DecompressionStream(s));

    public static byte[] Xz(ReadOnlySpan<byte> input, long expectedSize, string file, long offset) =>
        Run(input, expectedSize, file, offset, "xz", s => new SharpCompress.Compressors.Xz.XZStream(s));

    public static byte[] Gzip(ReadOnlySpan<byte> input, long expectedSize, string file, long offset) =>
        Run(input, expectedSize, file, offset, "gzip", s => new GZipStream(s, CompressionMode.Decompress));

    /// <summary>Decodes a whole file by its magic (xz, zstd, gzip); returns null if it is not compressed.</summary>
    public static byte[]? ByMagic(ReadOnlySpan<byte> input, string file)
    {
        if (input.StartsWith(XzMagic))
        {
            return Xz(input, -1, file, 0);
        }

        if (input.StartsWith(ZstdMagic))
        {
            return Zstd(input, -1, file, 0);
        }

        if (input.StartsWith(GzipMagic))
        {
            return Gzip(input, -1, file, 0);
        }

        return null;
    }

    private static unsafe byte[] Run(ReadOnlySpan<byte> input, long expectedSize, string file, long offset, string what,
        Func<Stream, Stream> decoder)
    {
        if (expectedSize > int.MaxValue)
        {
            throw new DebugInfoFormatException(file, offset, $"{what}: decoded size {expectedSize} too large");
        }

        try
        {
            fixed (byte* p = input)
            {
                using var src = new UnmanagedMemoryStream(p, input.Length);
                using var dec = decoder(src);
                if (expectedSize >= 0)
                {
                    // The header's size is not trusted for the allocation: the buffer grows with what actually decodes.
                    // Sizes within zlib's best ratio (~1032:1) are allocated at once; larger claims grow as data decodes.
                    long plausible = input.Length * 1100L + (1 << 20);
                    var output = new byte[expectedSize <= plausible ? expectedSize : Math.Max(4096L, input.Length * 8L)];
                    int got = 0;
                    while (got < expectedSize)
                    {
                        if (got == output.Length)
                        {
                            Array.Resize(ref output, (int)Math.Min(expectedSize, output.Length * 2L));
                        }

                        int n = dec.Read(output, got, output.Length - got);
                        if (n <= 0)
                        {
                            break;
                        }

                        got += n;
                    }
                    if (got != expectedSize)
                    {
                        throw new DebugInfoFormatException(file, offset, $"{what}: stream ended after {got} of {expectedSize} bytes");
                    }

                    return output;
                }
                var ms = new MemoryStream(Math.Max(input.Length * 4, 4096));
                var buffer = new byte[1 << 16];
                int read;
                while ((read = dec.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (ms.Length + read > MaxDecodedSize)
                    {
                        throw new DebugInfoFormatException(file, offset, $"{what}: decodes to more than {MaxDecodedSize >> 20} MiB");
                    }

                    ms.Write(buffer, 0, read);
                }
                return ms.Length == ms.GetBuffer().Length ? ms.GetBuffer() : ms.ToArray();
            }
        }
        catch (DebugInfoFormatException) { throw; }
        catch (OutOfMemoryException) { throw; }
        catch (Exception e)
        {
            // Third-party decoders fail on corrupt input with all sorts of exception types
            // (InvalidDataException, SharpCompress's own, even NullReference/IndexOutOfRange from inside).
            throw new DebugInfoFormatException(file, offset, $"{what}: corrupt compressed data ({e.GetType().Name}: {e.Message})", e);
        }
    }
}
