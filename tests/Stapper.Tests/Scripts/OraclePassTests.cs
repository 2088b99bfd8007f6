using Stapper.Cli;

namespace Stapper.Tests.Scripts;

/// <summary>
/// -p1 and -p2 against stap 4.8's own output: every tests/scripts/**/NAME.stp with a NAME.p1 or NAME.p2 (written by
/// `make oracle PASS=N CASES=...`, tools/oracle; NAME.pN.err and NAME.pN.exit when stap printed errors or failed).
/// A script stap rejects must fail with exactly stap's stderr and status at that pass. Otherwise, at -p1 the trees
/// must be the same: stap prints its tree fully parenthesized, so Stapper parses stap's dump and both trees are
/// printed by Stapper's printer and compared, after the differences in how stap writes the same tree (see
/// <see cref="Comparable"/>). At -p2 the warnings, status and listing must be exactly stap's. Files are named as
/// given; stap was given the bare name in the folder.
/// </summary>
public sealed partial class OraclePassTests
{
    private static readonly string Root = Path.Combine(ScriptCase.RepositoryRoot, "tests", "scripts");

    public static TheoryData<string> PassOneCases() => Cases(1);

    public static TheoryData<string> PassTwoCases() => Cases(2);

    private static TheoryData<string> Cases(int pass)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Root, "*.p" + pass, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, Path.ChangeExtension(f, ".stp")));
        }
        return data;
    }

    [Fact]
    public void ASetOfCasesHasStapsOutput()
    {
        Assert.True(PassOneCases().Count >= 20, "tests/scripts/**/*.p1 went missing");
        Assert.True(PassTwoCases().Count >= 10, "tests/scripts/**/*.p2 went missing");
    }

    [Theory]
    [MemberData(nameof(PassOneCases))]
    public void ParseTreeIsStaps(string name)
    {
        var (stdout, stderr, status) = Run(name, 1);
        var (stapOut, stapErr, stapStatus) = Expected(name, 1);
        if (stapStatus != 0)
        {
            Assert.Equal((stapErr, stapStatus), (stderr, status));
            return;
        }
        Assert.True(status == 0, stderr);
        // stap writes a printf format's newline as "\\n"; the rest of its dump is script text as it was written.
        var dump = Path.Combine(Path.GetTempPath(), $"stapper-p1-{Guid.NewGuid():N}.stp");
        File.WriteAllText(dump, stapOut.Replace("\\\\n", "\\n", StringComparison.Ordinal));
        try
        {
            var reparsed = Run(dump, Path.Combine(Root, name), 1);
            Assert.True(reparsed.Status == 0, "stap's dump does not parse:\n" + reparsed.Stderr);
            Assert.Equal(Comparable(reparsed.Stdout), Comparable(stdout));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>
    /// A -p1 print with what stap's dump changes but not the tree undone: comments, empty statements, parameter types
    /// (stap's dump drops them), numbers as the signed 64-bit values stap prints (hex, octal, wrapped), `for (; c; )`
    /// for `while (c)`, the block stap adds around a try body, and indentation.
    /// </summary>
    internal static string Comparable(string print)
    {
        var lines = new List<string>();
        foreach (var raw in print.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("# ", StringComparison.Ordinal) || line is ";" or "{" or "}" or "")
            {
                continue;
            }
            line = ParameterType().Replace(line, "$1");
            line = line.Replace("-(-9223372036854775808)", "-9223372036854775808", StringComparison.Ordinal);
            line = Number().Replace(line, m => SignedValue(m.Value));
            line = ForAsWhile().Replace(line, m => $"while ({(m.Groups[1].Value.Trim().Length == 0 ? "1" : m.Groups[1].Value)})");
            lines.Add(line);
        }
        return string.Join('\n', lines);
    }

    /// <summary>The literal (with its minus) as stap prints it, a signed 64-bit value; left alone when it is none.</summary>
    private static string SignedValue(string text)
    {
        try
        {
            var negative = text.StartsWith('-');
            var digits = negative ? text[1..] : text;
            var value = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? Convert.ToUInt64(digits[2..], 16)
                : digits.Length > 1 && digits[0] == '0' ? Convert.ToUInt64(digits, 8)
                : ulong.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            return unchecked(negative ? -(long)value : (long)value).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return text;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b([A-Za-z_]\w*):(long|string)\b")]
    private static partial System.Text.RegularExpressions.Regex ParameterType();

    /// <summary>An integer literal outside a string (the dumps' strings hold no digits that stand alone here).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.""%$@-])-?(0[xX][0-9a-fA-F]+|\d+)\b(?![""])")]
    private static partial System.Text.RegularExpressions.Regex Number();

    [System.Text.RegularExpressions.GeneratedRegex(@"^for \(; ?(.*?); ?\)")]
    private static partial System.Text.RegularExpressions.Regex ForAsWhile();

    [Theory]
    [MemberData(nameof(PassTwoCases))]
    public void ElaborationIsStaps(string name)
    {
        var (stdout, stderr, status) = Run(name, 2);
        var (stapOut, stapErr, stapStatus) = Expected(name, 2);
        Assert.Equal(stapErr, stderr);
        Assert.Equal(stapStatus, status);
        Assert.Equal(stapOut, stdout);
    }

    private static (string Stdout, string Stderr, int Status) Run(string name, int pass) =>
        Run(Path.Combine(Root, name), Path.Combine(Root, name), pass);

    /// <summary>Stapper -pN of <paramref name="path"/> with the words of the case at <paramref name="casePath"/>.</summary>
    private static (string Stdout, string Stderr, int Status) Run(string path, string casePath, int pass)
    {
        var words = File.Exists(Path.ChangeExtension(casePath, ".args"))
            ? ShellWords.Split(File.ReadAllText(Path.ChangeExtension(casePath, ".args")).Trim()) : [];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var status = Driver.RunCore(["-p" + pass, path, .. WithoutPassOption(words)], stdout, stderr);
        var folder = Path.GetDirectoryName(path) + "/";
        return (stdout.ToString().Replace(folder, "", StringComparison.Ordinal), stderr.ToString().Replace(folder, "", StringComparison.Ordinal), status);
    }

    /// <summary>The oracle leaves the case's own -pN out: the file is what pass N prints.</summary>
    internal static IEnumerable<string> WithoutPassOption(IEnumerable<string> words) =>
        words.Where(w => !(w.Length == 3 && w.StartsWith("-p", StringComparison.Ordinal)));

    private static (string Stdout, string Stderr, int Status) Expected(string name, int pass)
    {
        string? Read(string ext)
        {
            var f = Path.Combine(Root, Path.ChangeExtension(name, ".p" + pass + ext));
            return File.Exists(f) ? File.ReadAllText(f) : null;
        }
        return (Read("")!, Read(".err") ?? "", int.Parse(Read(".exit") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
    }
}
