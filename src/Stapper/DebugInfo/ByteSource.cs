using System.IO.MemoryMappedFiles;

namespace Stapper.DebugInfo;

/// <summary>
/// Bytes of one file (memory-mapped) or one in-memory buffer (decompressed payloads, sysfs files
/// that cannot be mapped). Hands out spans; nothing is copied.
/// </summary>
public sealed unsafe class ByteSource : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte[]? _array;
    private byte* _pointer;
    private readonly int _length;

    private ByteSource(string name, byte[] array)
    {
        Name = name;
        _array = array;
        _length = array.Length;
    }

    private ByteSource(string name, MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        Name = name;
        _map = map;
        _view = view;
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + view.PointerOffset;
        _length = (int)length;
    }

    /// <summary>Name used in exceptions (normally the path).</summary>
    public string Name { get; }

    public int Length => _length;

    private ReadOnlyMemory<byte>? _memory;

    /// <summary>The bytes as Memory (no copy; valid until disposed).</summary>
    public ReadOnlyMemory<byte> Memory => _memory ??= _array is not null ? _array : new PointerMemoryManager(this).Memory;

    private sealed class PointerMemoryManager(ByteSource owner) : System.Buffers.MemoryManager<byte>
    {
        public override Span<byte> GetSpan()
        {
            var ro = owner.Span;
            return System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
                ref System.Runtime.InteropServices.MemoryMarshal.GetReference(ro), ro.Length);
        }

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0)
        {
            if ((uint)elementIndex > (uint)owner._length)
            {
                throw new ArgumentOutOfRangeException(nameof(elementIndex));
            }

            return new System.Buffers.MemoryHandle(owner._pointer + elementIndex);
        }

        public override void Unpin() { }
        protected override void Dispose(bool disposing) { }
    }

    public ReadOnlySpan<byte> Span
    {
        get
        {
            if (_array is not null)
            {
                return _array;
            }

            ObjectDisposedException.ThrowIf(_pointer == null && _length != 0, this);
            return new ReadOnlySpan<byte>(_pointer, _length);
        }
    }

    public static ByteSource FromArray(string name, byte[] data) => new(name, data);

    /// <summary>Maps <paramref name="path"/> read-only. Files that report a zero size (sysfs,
    /// procfs) or cannot be mapped are read into memory instead.</summary>
    public static ByteSource Open(string path)
    {
        FilesRead.Note(path);
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            // A symbolic link's own length is its target's name: size (and map) the file it leads to.
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
            {
                info = target;
            }
            if (!info.Exists)
            {
                throw new FileNotFoundException($"{path}: no such file", path);
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }
        long length = info.Length;
        if (length > int.MaxValue)
        {
            throw new DebugInfoFormatException(path, 0, "file larger than 2 GiB is not supported");
        }

        if (length == 0 || path.StartsWith("/sys/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal))
        {
            return new ByteSource(path, File.ReadAllBytes(path));
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new ByteSource(path, map, view, length);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_view is not null && _pointer != null)
        {
            _pointer = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map!.Dispose();
        }
    }
}
