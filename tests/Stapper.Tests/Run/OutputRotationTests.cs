using Stapper.Run;

namespace Stapper.Tests.Run;

/// <summary>-S SIZE[,N]: staprun's stream-mode file names, switching point and removal of the oldest.</summary>
public sealed class OutputRotationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stapper-rotation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("1", 1L << 20, 0, "1")]
    [InlineData("2,3", 2L << 20, 3, "2,3")]
    [InlineData("0,1", 0L, 1, "0,1")]
    public void SizeIsInMegabytesAndTheCountIsOptional(string value, long bytes, int files, string back)
    {
        var rotation = OutputRotation.Parse(value);
        Assert.Equal(new OutputRotation(bytes, files), rotation);
        Assert.Equal(back, rotation.Argument);
    }

    [Fact]
    public void AWriteThatWouldPassTheSizeOpensTheNextFileAndTheOldestGoesPastN()
    {
        var file = Path.Combine(_dir, "out");
        using (var stream = new RotatingOutputStream(file, new OutputRotation(10, 2)))
        {
            foreach (var chunk in new[] { "aaaa", "bbbb", "cc", "dddd", "eeeeeeeeeeee", "ff" })
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes(chunk));
            }
        }
        // out.0 = aaaabbbbcc (10), out.1 = dddd, out.2 = the 12-byte write (never split), out.3 = ff;
        // with N = 2 only out.2 and out.3 are left.
        Assert.Equal(["out.2", "out.3"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("eeeeeeeeeeee", File.ReadAllText(file + ".2"));
        Assert.Equal("ff", File.ReadAllText(file + ".3"));
    }

    [Fact]
    public void WithoutNEveryFileIsKept()
    {
        var file = Path.Combine(_dir, "out");
        using (var stream = new RotatingOutputStream(file, new OutputRotation(4, 0)))
        {
            stream.Write("abcd"u8);
            stream.Write("efgh"u8);
        }
        Assert.Equal("abcd", File.ReadAllText(file + ".0"));
        Assert.Equal("efgh", File.ReadAllText(file + ".1"));
    }

    [Fact]
    public void ASwitchRequestOpensTheNextFileAtTheNextWrite()
    {
        // switch_file(): without -S, FILE first, then FILE.1; under -S, the next FILE.N before the size is reached.
        var file = Path.Combine(_dir, "out");
        using (var stream = new RotatingOutputStream(file, null))
        {
            stream.Write("ab"u8);
            stream.RequestSwitch();
            stream.Write("cd"u8);
            stream.Write("ef"u8);
            stream.RequestSwitch();
            stream.RequestSwitch();
            stream.Write("gh"u8);
        }
        Assert.Equal(["out", "out.1", "out.2"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["ab", "cdef", "gh"], new[] { "", ".1", ".2" }.Select(n => File.ReadAllText(file + n)));
        using (var stream = new RotatingOutputStream(file, new OutputRotation(100, 0)))
        {
            stream.Write("ab"u8);
            stream.RequestSwitch();
            stream.Write("cd"u8);
        }
        Assert.Equal(["ab", "cd"], new[] { ".0", ".1" }.Select(n => File.ReadAllText(file + n)));
    }
}
