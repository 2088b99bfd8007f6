using Stapper.Run;

namespace Stapper.Tests.Run;

/// <summary>How a -c command is read, as staprun's start_cmd reads it (wordexp without command substitution).</summary>
public class TargetWordsTests
{
    [Theory]
    [InlineData("/bin/true first second", new[] { "/bin/true", "first", "second" })]
    [InlineData("\"a b\" c", new[] { "a b", "c" })]
    [InlineData("exit 3", new[] { "exit", "3" })]
    [InlineData("echo a; echo b", new[] { "sh", "-c", "echo a; echo b" })]
    [InlineData("ls | wc", new[] { "sh", "-c", "ls | wc" })]
    public void PlainWordsAreExecdAndShellSyntaxRunsUnderSh(string command, string[] argv)
    {
        var (words, error) = TargetWords.Split(command);
        Assert.Null(error);
        Assert.Equal(argv, words);
    }

    [Theory]
    [InlineData("echo 'a", "stapio:start_cmd:182: ERROR: wordexp: syntax error (unmatched quotes?) in -c COMMAND\n")]
    [InlineData("", "stapio:start_cmd:188: ERROR: empty -c COMMAND")]
    [InlineData("echo $STAPPER_NO_SUCH_VARIABLE", "stapio:start_cmd:185: ERROR: wordexp: parsing error (3)\n")]
    [InlineData("echo $(true)", "stapio:start_cmd:185: ERROR: wordexp: parsing error (4)\n")]
    public void WhatWordexpRejectsIsStaprunsError(string command, string error)
    {
        Assert.Equal((null, error), TargetWords.Split(command));
    }

    [Theory]
    [InlineData("/bin/true first second", "/bin/true")]
    [InlineData("\"/bin/a b\" c", "/bin/a b")]
    [InlineData("'/bin/true'", "/bin/true")]
    [InlineData("  ", "")]
    public void TheTranslatorsProgramIsTheSameFirstWord(string command, string program)
    {
        Assert.Equal((program, null), TargetWords.Program(command));
    }

    [Theory]
    [InlineData("echo a; echo b", "command contains illegal characters")]
    [InlineData("ls | wc", "command contains illegal characters")]
    [InlineData("echo $STAPPER_NO_SUCH_VARIABLE", "command contains undefined shell variables")]
    [InlineData("echo $(true)", "command contains command substitutions")]
    [InlineData("echo 'a", "command contains shell syntax errors")]
    public void ACommandWithoutAProgramHasStapsReason(string command, string reason)
    {
        Assert.Equal((null, reason), TargetWords.Program(command));
    }

    [Fact]
    public void ProgramsAreFoundAsExecvpFindsThem()
    {
        Assert.Equal("/bin/sh", TargetWords.Resolve("/bin/sh"));
        Assert.NotNull(TargetWords.Resolve("sh"));
        Assert.Null(TargetWords.Resolve("exit"));
        Assert.Null(TargetWords.Resolve("/no/such/program"));
    }
}
