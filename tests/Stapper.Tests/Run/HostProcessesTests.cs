using Stapper.Run;

namespace Stapper.Tests.Run;

/// <summary>stap's pass-2 check of a pid against this host's processes (is_valid_pid), in its words.</summary>
public sealed class HostProcessesTests
{
    [Fact]
    public void ARunningProcessIsTakenAndAnEndedOneIsRefused()
    {
        Assert.Null(HostProcesses.ProbeRefusal(Environment.ProcessId));
        using var ended = System.Diagnostics.Process.Start("true");
        ended.WaitForExit();
        var pid = ended.Id;
        var expected = Environment.UserName == "root" ? $"cannot probe pid {pid}: No such process" : $"cannot probe pid {pid}: No such process.  Your uid=";
        Assert.StartsWith(expected, HostProcesses.ProbeRefusal(pid));
        Assert.Equal("cannot probe pid 4294967296: No such process" + (Environment.UserName == "root" ? "" : "."),
            HostProcesses.ProbeRefusal(4294967296)?.Split("  Your")[0]);
    }
}
