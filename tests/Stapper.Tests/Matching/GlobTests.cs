using System.Runtime.InteropServices;
using System.Text;
using Stapper.Matching;

namespace Stapper.Tests.Matching;

/// <summary>The one fnmatch of every pass. Every expected value here is what glibc 2.36's fnmatch(3) answers.</summary>
public class GlobTests
{
    [Theory]
    // Literal text.
    [InlineData("vfs_read", "vfs_read", GlobOptions.None, true)]
    [InlineData("vfs_read", "vfs_rea", GlobOptions.None, false)]
    [InlineData("", "", GlobOptions.None, true)]
    [InlineData("", "a", GlobOptions.None, false)]
    // '*': any run, the empty one too; no FNM_PATHNAME or FNM_PERIOD, so it crosses '.' and '/'.
    [InlineData("vfs_*", "vfs_read", GlobOptions.None, true)]
    [InlineData("vfs_*", "vfs_", GlobOptions.None, true)]
    [InlineData("vfs_*", "do_vfs", GlobOptions.None, false)]
    [InlineData("*read*", "vfs_read_iter", GlobOptions.None, true)]
    [InlineData("*", "", GlobOptions.None, true)]
    [InlineData("a*b*c", "aXbYbZc", GlobOptions.None, true)]
    [InlineData("a*b*c", "aXbYbZ", GlobOptions.None, false)]
    [InlineData("**", "x.y", GlobOptions.None, true)]
    [InlineData("*.*", "a.b", GlobOptions.None, true)]
    // '?': exactly one character.
    [InlineData("?fs_read", "vfs_read", GlobOptions.None, true)]
    [InlineData("?fs_read", "vvfs_read", GlobOptions.None, false)]
    [InlineData("?", "", GlobOptions.None, false)]
    [InlineData("i?86", "i686", GlobOptions.NoEscape, true)]
    // Brackets: sets, ranges, '!' and '^' negate, ']' first and '-' first or last are members.
    [InlineData("sys_[rw]*", "sys_read", GlobOptions.None, true)]
    [InlineData("sys_[rw]*", "sys_open", GlobOptions.None, false)]
    [InlineData("[a-c]x", "bx", GlobOptions.None, true)]
    [InlineData("[a-c]x", "dx", GlobOptions.None, false)]
    [InlineData("[z-a]", "m", GlobOptions.None, false)]
    [InlineData("sys_[!rw]*", "sys_open", GlobOptions.None, true)]
    [InlineData("sys_[!rw]*", "sys_read", GlobOptions.None, false)]
    [InlineData("[^a]", "b", GlobOptions.None, true)]
    [InlineData("[^a]", "a", GlobOptions.None, false)]
    [InlineData("[]a]", "]", GlobOptions.None, true)]
    [InlineData("[!]a]", "]", GlobOptions.None, false)]
    [InlineData("[!]a]", "b", GlobOptions.None, true)]
    [InlineData("[a-]", "-", GlobOptions.None, true)]
    [InlineData("[-a]", "-", GlobOptions.None, true)]
    [InlineData("[]-a]", "_", GlobOptions.None, true)]
    [InlineData("[a-c-e]", "d", GlobOptions.None, false)]
    [InlineData("[a-c-e]", "-", GlobOptions.None, true)]
    // Classes, collating symbols and equivalence classes of the C locale.
    [InlineData("[[:digit:]]x", "5x", GlobOptions.None, true)]
    [InlineData("[[:alpha:]_]*", "_foo", GlobOptions.None, true)]
    [InlineData("[[:upper:]]", "a", GlobOptions.None, false)]
    [InlineData("[![:space:]]", " ", GlobOptions.None, false)]
    [InlineData("[[:xdigit:]]", "F", GlobOptions.None, true)]
    [InlineData("[[:punct:]]", "_", GlobOptions.None, true)]
    [InlineData("[[:foo:]]", "f", GlobOptions.None, false)]
    [InlineData("[a[:foo:]]", "a", GlobOptions.None, true)]
    [InlineData("[[.-.]]", "-", GlobOptions.None, true)]
    [InlineData("[[=a=]]", "a", GlobOptions.None, true)]
    [InlineData("[[.ab.]]", "a", GlobOptions.None, false)]
    // An unterminated '[' is an ordinary character; a range with no end matches nothing.
    [InlineData("[abc", "[abc", GlobOptions.None, true)]
    [InlineData("[abc", "a", GlobOptions.None, false)]
    [InlineData("[a-c", "[a-c", GlobOptions.None, true)]
    [InlineData("[a-", "[a-", GlobOptions.None, false)]
    [InlineData("a[]]b", "a]b", GlobOptions.None, true)]
    [InlineData("[!]", "[!]", GlobOptions.None, true)]
    // '\' quotes the next character, in brackets too; with NoEscape (FNM_NOESCAPE) it is ordinary.
    [InlineData("a\\*b", "a*b", GlobOptions.None, true)]
    [InlineData("a\\*b", "axb", GlobOptions.None, false)]
    [InlineData("a\\*b", "a\\xb", GlobOptions.NoEscape, true)]
    [InlineData("a\\*b", "a\\*b", GlobOptions.NoEscape, true)]
    [InlineData("\\[a]", "[a]", GlobOptions.None, true)]
    [InlineData("\\[a]", "a", GlobOptions.None, false)]
    [InlineData("a\\", "a\\", GlobOptions.None, false)]
    [InlineData("a\\", "a\\", GlobOptions.NoEscape, true)]
    [InlineData("[\\]]", "]", GlobOptions.None, true)]
    [InlineData("[\\]]", "\\]", GlobOptions.NoEscape, true)]
    [InlineData("[a\\-c]", "-", GlobOptions.None, true)]
    [InlineData("[a\\-c]", "b", GlobOptions.None, false)]
    [InlineData("[a\\-c]", "b", GlobOptions.NoEscape, true)]
    [InlineData("\\?", "?", GlobOptions.None, true)]
    [InlineData("\\?", "x", GlobOptions.None, false)]
    // The preprocessor's conditions (FNM_NOESCAPE).
    [InlineData("2.6.*", "2.6.32", GlobOptions.NoEscape, true)]
    [InlineData("x86\\_64", "x86_64", GlobOptions.NoEscape, false)]
    [InlineData("6.[0-9]*", "6.1.0", GlobOptions.NoEscape, true)]
    [InlineData("[ym]", "m", GlobOptions.NoEscape, true)]
    [InlineData("[!ym]", "m", GlobOptions.NoEscape, false)]
    public void MatchesLikeFnmatch(string pattern, string text, GlobOptions options, bool expected)
    {
        Assert.Equal(expected, Glob.Match(pattern, text, options));
        // DebugInfo matches a name's raw bytes: the same answer.
        Assert.Equal(expected, Glob.Match<byte>(Encoding.UTF8.GetBytes(pattern), Encoding.UTF8.GetBytes(text), options));
    }

    [Theory]
    [InlineData("vfs_read", false)]
    [InlineData("vfs_*", true)]
    [InlineData("vfs_rea?", true)]
    [InlineData("sys_[rw]", true)]
    [InlineData("a\\b", false)]
    public void HasWildcardsAsStapDecidesToExpand(string pattern, bool expected) => Assert.Equal(expected, Glob.HasWildcards(pattern));

    [Fact]
    public void PathologicalPatternEnds()
    {
        // A backtracking matcher would take exponential time here; this one answers at once.
        var text = new string('a', 5000);
        Assert.False(Glob.Match("*a*a*a*a*a*a*a*b", text));
    }

    [DllImport("libc", EntryPoint = "fnmatch")]
    private static extern int LibcFnmatch(byte[] pattern, byte[] text, int flags);

    private const int FnmNoEscape = 2;

    /// <summary>Random patterns built from every construct, well formed or not, against the C library stap calls.</summary>
    [Fact]
    public void AgreesWithGlibcOnRandomPatterns()
    {
        string[] atoms = ["a", "b", "c", "z", "A", "5", " ", "-", "]", "!", "[", "^", "\\", "*", "?", ":", ".", "=", "[!", "[^", "[]",
            "[:", ":]", "[.", ".]", "[=", "=]", "[:alpha:]", "[:digit:]", "[:foo:]", "[:upper:]", "[:punct:]", "[:space:]",
            "[:xdigit:]", "[.a.]", "[.-.]", "[=b=]", "[a-c]", "[!a-c]", "a-"];
        const string Letters = "abcz5A -]![^\\*?:.=\t_";
        var random = new Random(11);
        var disagreements = new List<string>();
        for (var n = 0; n < 50_000; n++)
        {
            var pattern = string.Concat(Enumerable.Range(0, random.Next(1, 10)).Select(_ => atoms[random.Next(atoms.Length)]));
            var text = new string(Enumerable.Range(0, random.Next(0, 7)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray());
            foreach (var options in (GlobOptions[])[GlobOptions.None, GlobOptions.NoEscape])
            {
                var flags = options == GlobOptions.NoEscape ? FnmNoEscape : 0;
                var glibc = LibcFnmatch(Encoding.ASCII.GetBytes(pattern + "\0"), Encoding.ASCII.GetBytes(text + "\0"), flags) == 0;
                if (Glob.Match(pattern, text, options) != glibc)
                {
                    disagreements.Add($"{pattern} ~ {text} ({options}): glibc says {glibc}");
                }
            }
        }
        Assert.Empty(disagreements);
    }
}
