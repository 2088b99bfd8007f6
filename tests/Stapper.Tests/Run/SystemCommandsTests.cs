using System.Text;
using Stapper.Run;

namespace Stapper.Tests.Run;

/// <summary>/proc/NAME/cmd's NUL-ended commands, however the reads cut them.</summary>
public class SystemCommandsTests
{
    [Fact]
    public void EachNulEndsACommandAcrossReads()
    {
        var started = new List<string>();
        var commands = new SystemCommands { Start = started.Add };
        commands.Take(Encoding.UTF8.GetBytes("echo a\0ech"));
        Assert.Equal(["echo a"], started);
        commands.Take(Encoding.UTF8.GetBytes("o b\0\0echo é\0"));
        Assert.Equal(["echo a", "echo b", "", "echo é"], started);
    }

    [Fact]
    public void ACommandThatCannotStartIsReportedAndTheRestRun()
    {
        var started = new List<string>();
        var errors = new List<string>();
        var commands = new SystemCommands
        {
            Start = c => { if (c == "bad") { throw new System.ComponentModel.Win32Exception(2, "No such file or directory"); } started.Add(c); },
            Error = errors.Add,
        };
        commands.Take(Encoding.UTF8.GetBytes("bad\0good\0"));
        Assert.Equal(["good"], started);
        Assert.Equal(["system(\"bad\"): No such file or directory"], errors);
    }
}
