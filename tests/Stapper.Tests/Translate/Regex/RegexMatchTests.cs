using System.Text;
using Stapper.Parse.RegexSyntax;
using Stapper.Translate.Regex;

namespace Stapper.Tests.Translate.Regex;

/// <summary>
/// Matching: the Pike VM and the DFA agree with each other, with stap's testsuite
/// (runok/regex.stp, runok/regex_grouping.stp) and, where POSIX and .NET agree, with .NET's Regex.
/// </summary>
public class RegexMatchTests
{
    private static RegexProgram Program(string literal)
    {
        var parse = RegexParser.Parse(literal);
        Assert.Null(parse.Error);
        return RegexCompiler.Compile(literal, parse)!;
    }

    private static bool VmMatches(string literal, string subject) => RegexVm.Match(Program(literal), Encoding.UTF8.GetBytes(subject)) is not null;

    private static bool DfaMatches(string literal, string subject) => RegexDfa.Build(Program(literal))!.Matches(Encoding.UTF8.GetBytes(subject));

    // From stap's testsuite runok/regex.stp; literals are stap's text between the quotes (escapes kept), subjects decoded.
    [Theory]
    [InlineData(@"\\\\", "\\", true)]
    [InlineData("abc", "xabcy", true)]
    [InlineData("^abc$", "abcc", false)]
    [InlineData("a[b-d]e", "abd", false)]
    [InlineData("a[b-d]e", "ace", true)]
    [InlineData(@"a\\(*b", "a((b", true)]
    [InlineData("(a+|b)*", "ab", true)]
    [InlineData("^(ab|cd)e", "abcde", false)]
    [InlineData("(bc+d$|ef*g.|h?i(j|k))", "effg", false)]
    [InlineData("(bc+d$|ef*g.|h?i(j|k))", "reffgz", true)]
    [InlineData(@"\\((.*),", "(.*)\\)", false)]
    [InlineData("", "", true)]
    [InlineData("a^", "abc", false)]
    [InlineData("a*^b", "b", true)]
    [InlineData("$^", "", false)]
    [InlineData("$.*", "", true)]
    [InlineData("$a^", "a", false)]
    [InlineData("$.*", "a", true)]
    [InlineData("$.+", "a", false)]
    [InlineData(".*^", "a", true)]
    [InlineData(".+^", "a", false)]
    [InlineData("e$f", "ef", false)]
    [InlineData("[^ab]*", "", true)]
    [InlineData("^[[:cntrl:]]$", "q", false)]
    [InlineData("^[[:graph:]]+$", "many works many words", false)]
    [InlineData("^[[:print:]]+$", "many works many words", true)]
    [InlineData("[\\\\^a]", "b", false)]
    [InlineData("[\\\\[:alpha:]]", ":]", true)]
    [InlineData("[\\\\[:alpha:]]", ":", false)]
    [InlineData("[\\\\[:alpha:]", ":", true)]
    [InlineData("a[]]b", "a]b", true)]
    [InlineData("a[^]b]c", "a]c", false)]
    [InlineData("a[^-b]c", "a-c", false)]
    [InlineData("$b", "b", false)]
    [InlineData("a\\\\x", "a\\x", false)]
    [InlineData("abc)", "-", false)]
    [InlineData("((((((((((a))))))))))", "-", false)]
    [InlineData("a[bcd]+dcdcde", "adcdcde", false)]
    [InlineData("^a(bc+|b[eh])g|.h$", "abh", true)]
    [InlineData("ab{1}{1}c", "abbc", false)]
    [InlineData("ab{2}{2}c", "abbbbc", true)]
    [InlineData("ab{0}+c", "abc", false)]
    [InlineData("M[ou]'?am+[ae]r .*([AEae]l[- ])?[GKQ]h?[aeu]+([dtz][dhz]?)+af[iy]", "Mulazim Awwal Mu'ammar Muhammad Abu Minyar al-Qadhafi", true)]
    [InlineData("d([ou]|hu|hou)+de(tte)?s?", "duuuuuuuuude", true)]
    public void MatchesAsStapsTestsuite(string literal, string subject, bool expected)
    {
        Assert.Equal(expected, VmMatches(literal, subject));
        Assert.Equal(expected, DfaMatches(literal, subject));
    }

    // From stap's testsuite runok/regex_grouping.stp: the whole match and group 1.
    [Theory]
    [InlineData("a*", "aaa", "aaa", null)]
    [InlineData("a?", "aaa", "a", null)]
    [InlineData("(ab)*", "abab", "abab", "ab")]
    [InlineData("(ab)?", "abab", "ab", "ab")]
    [InlineData("c(ab)?", "cabab", "cab", "ab")]
    [InlineData("(a*)a*a", "aaa", "aaa", "aa")]
    [InlineData("(long|longer)", "longer", "longer", "longer")]
    [InlineData("a|b", "ab", "a", null)]
    [InlineData("a+|b", "baaab", "b", null)]
    [InlineData("a*|b", "aaab", "aaa", null)]
    [InlineData("a*|b", "baaab", "b", null)]
    [InlineData("b|a*", "baaab", "b", null)]
    [InlineData("(.*).*", "abcdef", "abcdef", "abcdef")]
    [InlineData("(a+|b)*", "ab", "ab", "b")]
    [InlineData("([abc])*d", "abbbcd", "abbbcd", "c")]
    [InlineData("(ab|cd)e", "abcde", "cde", "cd")]
    [InlineData("(bc+d$|ef*g.|h?i(j|k))", "00effg12", "effg1", "effg1")]
    [InlineData("^#! */.*/(k|ba||pdk|z)sh", "#! /bin/sh", "#! /bin/sh", "")]
    [InlineData("[abc]*d", "foacabdxy", "acabd", null)]
    [InlineData("(^|foo)bar", "bar", "bar", "")]
    [InlineData("(foo|^)bar", "bazfoobar", "foobar", "foo")]
    [InlineData("a t.st", "This is a test.", "a test", null)]
    [InlineData("a|(b)", "a", "a", "")]
    // stap 4.8 (oracle): the first match found while scanning is kept, though a leftmost one ends later
    [InlineData("abc|b", "xabcx", "b", null)]
    [InlineData("(a|ab)(c|bcd)?", "abc", "abc", "ab")]
    public void SubmatchesAsStapsTestsuite(string literal, string subject, string whole, string? group1)
    {
        var program = Program(literal);
        var bytes = Encoding.UTF8.GetBytes(subject);
        var caps = RegexVm.Match(program, bytes);
        Assert.NotNull(caps);
        Assert.Equal(whole, Group(bytes, caps, 0));
        if (group1 is not null)
        {
            Assert.Equal(group1, Group(bytes, caps, 1));
        }
    }

    [Fact]
    public void GreedyPrioritySplitsAmbiguousGroups()
    {
        var bytes = "aaa"u8.ToArray();
        var caps = RegexVm.Match(Program("(a*)(a)"), bytes)!;
        Assert.Equal(["aaa", "aa", "a"], [Group(bytes, caps, 0), Group(bytes, caps, 1), Group(bytes, caps, 2)]);
    }

    private static string Group(byte[] subject, int[] caps, int n) =>
        caps[2 * n] < 0 ? "" : Encoding.UTF8.GetString(subject, caps[2 * n], caps[2 * n + 1] - caps[2 * n]);

    // Patterns whose match/no-match POSIX and .NET agree on (no ^/$ subtleties, no escapes .NET reads differently).
    public static TheoryData<string> Patterns => new()
    {
        "ab*c", "a|b|c", "(ab|a)(bc|c)", "[a-c]+d?", "a{2,3}b", "(a|b)*abb", "[^ab]c", "a.c", "x(y|z){1,2}x",
        "^ab", "bc$", "^(a|b)+$", "(ab)*c|d", "[[:digit:]]{2}", "a?b?c?d", "(a*)*b", "((a|b)c)+",
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void AgreesWithDotNetOnRandomStrings(string literal)
    {
        var dotnet = new System.Text.RegularExpressions.Regex(literal.Replace("[[:digit:]]", "[0-9]", StringComparison.Ordinal),
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        var program = Program(literal);
        var dfa = RegexDfa.Build(program)!;
        var random = new Random(literal.Length * 7919 + literal[0]);
        const string Alphabet = "abcdxyz01";
        for (var i = 0; i < 400; i++)
        {
            var s = new string([.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var expected = dotnet.IsMatch(s);
            var bytes = Encoding.UTF8.GetBytes(s);
            Assert.True(expected == (RegexVm.Match(program, bytes) is not null), $"VM: \"{s}\" =~ \"{literal}\"");
            Assert.True(expected == dfa.Matches(bytes), $"DFA: \"{s}\" =~ \"{literal}\"");
            if (expected)
            {
                // .NET finds the leftmost match, stap the one ending first: for these patterns both start alike.
                Assert.Equal(dotnet.Match(s).Index, RegexVm.Match(program, bytes)![0]);
            }
        }
    }

    [Fact]
    public void DfaGivesUpOnHugeAutomata()
    {
        // (a|b)*a(a|b){12}: the classic exponential DFA.
        var program = Program("(a|b)*a(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)");
        Assert.Null(RegexDfa.Build(program));
    }

    [Fact]
    public void TooLargeProgramIsRefused()
    {
        var parse = RegexParser.Parse("(abcdefghij){1000}");
        Assert.Null(parse.Error);
        Assert.Null(RegexCompiler.Compile("x", parse));
    }
}
