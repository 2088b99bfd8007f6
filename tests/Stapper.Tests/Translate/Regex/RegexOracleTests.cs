using System.Text;
using Stapper.Parse.RegexSyntax;
using Stapper.Translate.Regex;

namespace Stapper.Tests.Translate.Regex;

/// <summary>
/// The C# VM against stap 4.8's own answers: tests/scripts/runtime/regex/random_patterns.out lists, for
/// random patterns and subjects, whether stap matched and every submatch it reported.
/// </summary>
public class RegexOracleTests
{
    public static TheoryData<string> Lines()
    {
        var path = Path.Combine(Stapper.Tests.Scripts.ScriptCase.RepositoryRoot, "tests", "scripts", "runtime", "regex", "random_patterns.out");
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(path))
        {
            data.Add(line);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void AgreesWithStap(string line)
    {
        // "SUBJECT =~ PATTERN: no" or "SUBJECT =~ PATTERN: 'group0' 'group1' ..."
        var arrow = line.IndexOf(" =~ ", StringComparison.Ordinal);
        var colon = line.IndexOf(": ", arrow, StringComparison.Ordinal);
        var subject = line[..arrow];
        var pattern = line[(arrow + 4)..colon];
        var outcome = line[(colon + 2)..];
        var parse = RegexParser.Parse(pattern);
        Assert.Null(parse.Error);
        var program = RegexCompiler.Compile(pattern, parse)!;
        var bytes = Encoding.ASCII.GetBytes(subject);
        var caps = RegexVm.Match(program, bytes);
        Assert.Equal(outcome != "no", RegexDfa.Build(program)?.Matches(bytes) ?? caps is not null);
        if (outcome == "no")
        {
            Assert.Null(caps);
            return;
        }
        Assert.NotNull(caps);
        var groups = Enumerable.Range(0, program.Groups)
            .Select(n => caps[2 * n] < 0 ? "" : subject[caps[2 * n]..caps[2 * n + 1]])
            .Select(g => "'" + g + "'");
        Assert.Equal(outcome, string.Join(' ', groups));
    }
}
