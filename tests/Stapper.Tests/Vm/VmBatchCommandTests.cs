using Stapper.Cli;
using Stapper.Vm;

namespace Stapper.Tests.Vm;

/// <summary>The hidden <c>--vm-batch</c> entry tools/oracle/ uses; the boot test is skipped without a kernel or QEMU.</summary>
[Collection("vm")]
public class VmBatchCommandTests
{
    [Theory]
    [InlineData(new[] { "--vm-batch", "j", "r" }, true)]
    [InlineData(new[] { "--vm-batch=6.1.0-57-amd64", "j", "r" }, true)]
    [InlineData(new[] { "--vm-batchx", "j", "r" }, false)]
    [InlineData(new[] { "-v", "--vm-batch", "j", "r" }, false)]
    [InlineData(new string[0], false)]
    public void RecognisedOnlyAsTheFirstArgument(string[] args, bool expected) =>
        Assert.Equal(expected, VmBatchCommand.Is(args));

    [Fact]
    public void ElsewhereItIsAnUnknownOption()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["-v", "--vm-batch", "j", "r"], new StringWriter(), stderr));
        Assert.StartsWith("stapper: unrecognized option '--vm-batch'\n", stderr.ToString());
    }

    [Fact]
    public void WrongArgumentCountPrintsUsage()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["--vm-batch", "jobs"], new StringWriter(), stderr));
        Assert.Equal(VmBatchCommand.UsageLine + "\n", stderr.ToString());
    }

    [Fact]
    public void MissingOrEmptyJobFileIsAnError()
    {
        var dir = TempDirectory();
        var stderr = new StringWriter();
        var missing = Path.Combine(dir, "missing");
        Assert.Equal(1, VmBatchCommand.Execute(["--vm-batch", missing, dir], stderr));
        Assert.StartsWith($"ERROR: cannot read {missing}: ", stderr.ToString());

        var blank = Path.Combine(dir, "blank");
        File.WriteAllText(blank, "\n  \n");
        stderr = new StringWriter();
        Assert.Equal(1, VmBatchCommand.Execute(["--vm-batch", blank, dir], stderr));
        Assert.Equal($"ERROR: {blank} has no commands\n", stderr.ToString());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void UnknownKernelIsAnErrorLine()
    {
        var dir = TempDirectory();
        var jobs = Path.Combine(dir, "jobs");
        File.WriteAllText(jobs, "true\n");
        var stderr = new StringWriter();
        Assert.Equal(1, VmBatchCommand.Execute(["--vm-batch=0.0.0-nonexistent", jobs, dir], stderr));
        Assert.StartsWith("ERROR: kernel 0.0.0-nonexistent is not installed", stderr.ToString());
        Assert.False(File.Exists(Path.Combine(dir, "1.exit")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void EachNonEmptyLineIsOneShellCommand()
    {
        var jobs = VmBatchCommand.ReadJobs("echo one\r\n\n   \ncd /tmp && exec staprun -c 'a b' x.ko\n");
        Assert.Equal(2, jobs.Count);
        Assert.Equal(["/bin/sh", "-c", "echo one"], jobs[0]);
        Assert.Equal(["/bin/sh", "-c", "cd /tmp && exec staprun -c 'a b' x.ko"], jobs[1]);
    }

    [Fact]
    public void ResultsAreNumberedFromOne()
    {
        var dir = Path.Combine(TempDirectory(), "results");
        var batch = new GuestBatchResult(
            [new GuestCommandResult("out\n"u8.ToArray(), [], 0), new GuestCommandResult([], "err"u8.ToArray(), 3) { KernelLog = "[ 1.0] Oops\n" }],
            new GuestTimings(TimeSpan.Zero, 0, TimeSpan.Zero));
        VmBatchCommand.WriteResults(dir, batch);
        Assert.Equal(("out\n", "", "0\n"), Read(dir, 1));
        Assert.Equal(("", "err", "3\n"), Read(dir, 2));
        Assert.Equal("", File.ReadAllText(Path.Combine(dir, "1.kmsg")));
        Assert.Equal("[ 1.0] Oops\n", File.ReadAllText(Path.Combine(dir, "2.kmsg")));
        Assert.Equal(8, Directory.GetFiles(dir).Length);
        Directory.Delete(Path.GetDirectoryName(dir)!, true);
    }

    [RequiresFact(Need.Vm)]
    public void RunsTheLinesInOneBoot()
    {
        var dir = TempDirectory();
        var jobs = Path.Combine(dir, "jobs");
        File.WriteAllText(jobs, "echo one; nproc\nprintf 'two' >&2; exit 3\n");
        var stderr = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["--vm-batch", jobs, Path.Combine(dir, "r")], new StringWriter(), stderr));
        Assert.Equal("", stderr.ToString());
        Assert.Equal(($"one\n{VmRun.GuestCpus()}\n", "", "0\n"), Read(Path.Combine(dir, "r"), 1));
        Assert.Equal(("", "two", "3\n"), Read(Path.Combine(dir, "r"), 2));
        Directory.Delete(dir, true);
    }

    private static (string, string, string) Read(string dir, int n) =>
        (File.ReadAllText(Path.Combine(dir, n + ".out")), File.ReadAllText(Path.Combine(dir, n + ".err")), File.ReadAllText(Path.Combine(dir, n + ".exit")));

    private static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "stapper-vmbatch-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
