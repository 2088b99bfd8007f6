using System.Buffers.Binary;
using System.Globalization;

namespace Stapper.Run;

/// <summary>
/// stap's <c>-b</c> on the reader's side. The module frames each flush as {cpu, sequence, length} (runtime/stp_ring.h);
/// each goes to that CPU's file as staprun 4.8 writes bulk files, a {sequence, length} header (native u32s) and the
/// bytes, so <c>stap-merge</c> can put them back in order. Files: FILE_N with -o FILE, else stpd_cpuN, one per online
/// CPU from the start, as staprun opens them.
/// </summary>
public sealed class BulkOutput : IDisposable
{
    private const int ModuleHeader = 12;
    private readonly Dictionary<int, FileStream> _files = [];
    private readonly List<byte> _pending = [];

    /// <summary>The file name of <paramref name="cpu"/>'s output: staprun 4.8's rule.</summary>
    public static string FileName(string? outputFile, int cpu) => Prefix(outputFile) + cpu.ToString(CultureInfo.InvariantCulture);

    /// <summary>What every CPU's file name starts with: FILE_ with -o FILE, else stpd_cpu.</summary>
    public static string Prefix(string? outputFile) => outputFile is null ? "stpd_cpu" : outputFile + "_";

    public BulkOutput(string? outputFile, IEnumerable<int> cpus)
    {
        OutputFile = outputFile;
        foreach (var cpu in cpus)
        {
            Open(cpu);
        }
    }

    public string? OutputFile { get; }

    /// <summary>The online CPUs (/sys/devices/system/cpu/online: "0-3,6"), else 0..ProcessorCount-1.</summary>
    public static IReadOnlyList<int> OnlineCpus(string path = "/sys/devices/system/cpu/online")
    {
        try
        {
            var cpus = new List<int>();
            foreach (var range in File.ReadAllText(path).Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var ends = range.Split('-');
                var first = int.Parse(ends[0], CultureInfo.InvariantCulture);
                var last = ends.Length > 1 ? int.Parse(ends[1], CultureInfo.InvariantCulture) : first;
                for (var c = first; c <= last; c++)
                {
                    cpus.Add(c);
                }
            }
            return cpus;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return [.. Enumerable.Range(0, Environment.ProcessorCount)];
        }
    }

    /// <summary>Takes the next bytes of /proc/NAME/out; a record split across reads waits for its rest.</summary>
    public void Take(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _pending.Add(b);
        }
        var data = _pending.ToArray().AsSpan();
        var used = 0;
        Span<byte> header = stackalloc byte[8];
        while (data.Length - used >= ModuleHeader)
        {
            var cpu = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[used..]);
            var sequence = BinaryPrimitives.ReadUInt32LittleEndian(data[(used + 4)..]);
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[(used + 8)..]);
            if (data.Length - used - ModuleHeader < length)
            {
                break;
            }
            var file = _files.TryGetValue(cpu, out var f) ? f : Open(cpu);
            BinaryPrimitives.WriteUInt32LittleEndian(header, sequence);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)length);
            file.Write(header);
            file.Write(data.Slice(used + ModuleHeader, length));
            file.Flush();
            used += ModuleHeader + length;
        }
        _pending.RemoveRange(0, used);
    }

    public void Dispose()
    {
        foreach (var file in _files.Values)
        {
            file.Dispose();
        }
        _files.Clear();
    }

    private FileStream Open(int cpu)
    {
        var file = new FileStream(FileName(OutputFile, cpu), FileMode.Create, FileAccess.Write, FileShare.Read);
        _files[cpu] = file;
        return file;
    }

    /// <summary>stap-merge: the records of every file in sequence order, their bytes concatenated (for tests and tools).</summary>
    public static byte[] Merge(IEnumerable<byte[]> files)
    {
        var records = new List<(uint Sequence, byte[] Bytes)>();
        foreach (var data in files)
        {
            for (var at = 0; at + 8 <= data.Length;)
            {
                var sequence = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 4));
                records.Add((sequence, data.AsSpan(at + 8, Math.Min(length, data.Length - at - 8)).ToArray()));
                at += 8 + length;
            }
        }
        return [.. records.OrderBy(r => r.Sequence).SelectMany(r => r.Bytes)];
    }
}
