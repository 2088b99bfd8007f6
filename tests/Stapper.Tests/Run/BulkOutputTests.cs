using System.Buffers.Binary;
using System.Text;
using Stapper.Run;

namespace Stapper.Tests.Run;

/// <summary>-b's reader: module records {cpu, sequence, length} to staprun 4.8's per-CPU files, read back as stap-merge does.</summary>
public class BulkOutputTests
{
    static byte[] Record(uint cpu, uint sequence, string text)
    {
        var payload = Encoding.ASCII.GetBytes(text);
        var r = new byte[12 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(r, cpu);
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(4), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(8), (uint)payload.Length);
        payload.CopyTo(r, 12);
        return r;
    }

    [Fact]
    public void RecordsGoToTheirCpusFilesWhateverTheReadsCut()
    {
        var dir = Directory.CreateTempSubdirectory("stapper-bulk-").FullName;
        try
        {
            var prefix = Path.Combine(dir, "out");
            byte[] stream = [.. Record(1, 1, "a\n"), .. Record(0, 2, "bb\n"), .. Record(1, 3, "ccc\n")];
            using (var bulk = new BulkOutput(prefix, [0, 1, 2]))
            {
                // One byte at a time: every header and payload arrives split.
                foreach (var b in stream)
                {
                    bulk.Take([b]);
                }
            }
            Assert.Equal(["out_0", "out_1", "out_2"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
            var cpu1 = File.ReadAllBytes(prefix + "_1");
            // staprun 4.8's bulk file: {sequence, length} then the bytes, per record.
            Assert.Equal((byte[])[1, 0, 0, 0, 2, 0, 0, 0, (byte)'a', (byte)'\n', 3, 0, 0, 0, 4, 0, 0, 0, .. "ccc\n"u8], cpu1);
            Assert.Empty(File.ReadAllBytes(prefix + "_2"));
            var merged = BulkOutput.Merge(Directory.GetFiles(dir).Order().Select(File.ReadAllBytes));
            Assert.Equal("a\nbb\nccc\n", Encoding.ASCII.GetString(merged));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, 3, "stpd_cpu3")]
    [InlineData("/tmp/trace", 0, "/tmp/trace_0")]
    public void FileNamesAreStaprunsOwn(string? output, int cpu, string expected) =>
        Assert.Equal(expected, BulkOutput.FileName(output, cpu));

    [Fact]
    public void OnlineCpusReadsTheKernelsRanges()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "0-2,5\n");
        Assert.Equal([0, 1, 2, 5], BulkOutput.OnlineCpus(file));
        File.Delete(file);
    }
}
