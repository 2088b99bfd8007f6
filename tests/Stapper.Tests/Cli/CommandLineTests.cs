using Stapper.Cli;

namespace Stapper.Tests.Cli;

public class CommandLineTests
{
    [Fact]
    public void BundledShortOptionsAndScriptArguments()
    {
        var result = CommandLine.Parse(["-vvp2", "-D", "MAXACTION=5", "-DX", "t.stp", "a", "-g", "b"]);
        var i = result.Invocation!;
        Assert.Equal(3 - 1, i.Verbosity);
        Assert.Equal(2, i.LastPass);
        Assert.True(i.GuruMode);
        Assert.Equal("t.stp", i.ScriptFile);
        Assert.Equal(["a", "b"], i.ScriptArguments.ToArray());
        Assert.Equal([new("MAXACTION", "5"), new KeyValuePair<string, string>("X", "")], i.Defines.ToArray());
    }

    [Fact]
    public void DashUAsksForTheUnoptimizedPassTwo()
    {
        Assert.True(CommandLine.Parse(["-up2", "t.stp"]).Invocation!.Unoptimized);
        Assert.False(CommandLine.Parse(["-p2", "t.stp"]).Invocation!.Unoptimized);
        // Empty probes are elided (then none is left) only when optimizing, as in semok/probe_elision.stp.
        const string Script = "probe begin { if (0) print(1) } probe end {}";
        Assert.Equal(0, Driver.RunCore(["-u", "-p2", "-e", Script], new StringWriter(), new StringWriter()));
        Assert.Equal(1, Driver.RunCore(["-p2", "-e", Script], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public void DashWFailsThePassThatWarned()
    {
        const string Script = "probe begin { print(x + 1) }";
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["-W", "-p2", "-e", Script], new StringWriter(), stderr));
        Assert.Equal("""
            WARNING: never-assigned local variable 'x': identifier 'x' at <input>:1:21
             source: probe begin { print(x + 1) }
                                         ^
            Pass 2: analysis failed.  [man error::pass2]

            """.Replace("\r", ""), stderr.ToString().Replace("\r", ""));
        Assert.Equal(0, Driver.RunCore(["-p2", "-e", Script], new StringWriter(), new StringWriter()));
        // As in stap, a warning -w suppresses is not counted.
        Assert.Equal(0, Driver.RunCore(["-w", "-W", "-p2", "-e", Script], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public void DashDashEndsOptions()
    {
        var i = CommandLine.Parse(["-e", "probe begin{}", "--", "-x", "y"]).Invocation!;
        Assert.Equal("probe begin{}", i.ScriptText);
        Assert.Equal(["-x", "y"], i.ScriptArguments.ToArray());
    }

    [Theory]
    [InlineData(new[] { "-p9", "t.stp" }, "Invalid pass number (should be 1-5).\n")]
    [InlineData(new[] { "-Z", "t.stp" }, "stapper: invalid option -- 'Z'\nTry '--help' for more information. [man stap]\nA message like [man foo] means for more info, run % man foo\n")]
    [InlineData(new[] { "--frob" }, "stapper: unrecognized option '--frob'\nTry '--help' for more information. [man stap]\nA message like [man foo] means for more info, run % man foo\n")]
    [InlineData(new[] { "-v" }, "A script must be specified.\nTry '--help' for more information. [man stap]\nA message like [man foo] means for more info, run % man foo\n")]
    [InlineData(new[] { "-c", "ls", "-x", "1", "t.stp" }, "You can't specify -c and -x options together.\n")]
    [InlineData(new[] { "-p" }, "stapper: option requires an argument -- 'p'\nTry '--help' for more information. [man stap]\nA message like [man foo] means for more info, run % man foo\n")]
    [InlineData(new[] { "-e", "probe begin{}", "-e", "probe end{}" }, "Only one script can be given on the command line.\n")]
    [InlineData(new[] { "-m", "", "-e", "probe begin{}" }, "Module name cannot be empty.\n")]
    [InlineData(new[] { "-m", "x^y", "-e", "probe begin{}" }, "ERROR: Safety pattern mismatch for -m parameter ('x^y' vs. '^[a-z0-9_]+$') rc=1\n")]
    [InlineData(new[] { "-m", ".ko", "-e", "probe begin{}" }, "Truncating module name to ''\nModule name cannot be empty.\n")]
    [InlineData(new[] { "-p1", "--prologue-searching=blah", "-e", "probe never {}" }, "Invalid argument 'blah' for --prologue-searching.\n")]
    public void BadCommandLinesExitOneWithStapsWords(string[] args, string expected)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(args, stdout, stderr));
        Assert.Equal(expected, stderr.ToString().Replace("\r", ""));
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void CompatibleVersionReachesThePreprocessor()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["-p1", "--compatible=1.0", "-e", "global %( systemtap_v >= \"1.2\" %? new %: old %)"], stdout, new StringWriter()));
        Assert.Contains("old", stdout.ToString());
    }

    [Fact]
    public void MissingScriptFile()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["-p1", "/nonexistent/x.stp"], new StringWriter(), stderr));
        Assert.Equal("Input file '/nonexistent/x.stp' is missing.\nPass 1: parse failed.  [man error::pass1]\n", stderr.ToString());
    }

    [Fact]
    public void SemanticErrorsStopAfterPassTwo()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, Driver.RunCore(["-p2", "-e", "probe begin { nosuch() }"], new StringWriter(), stderr));
        // The "(similar: ...)" names depend on the tapset library; the layout does not.
        var text = stderr.ToString();
        Assert.StartsWith("semantic error: unresolved function nosuch (similar: ", text);
        Assert.Contains("): identifier 'nosuch' at <input>:1:15\n        source: probe begin { nosuch() }\n", text);
        Assert.EndsWith("\nPass 2: analysis failed.  [man error::pass2]\n", text);
    }
}
