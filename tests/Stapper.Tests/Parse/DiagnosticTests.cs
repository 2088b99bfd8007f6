using Stapper.Diagnostics;
using Stapper.Parse;
using static Stapper.Tests.Parse.ParseHelper;

namespace Stapper.Tests.Parse;

public class DiagnosticTests
{
    [Theory]
    [InlineData("probe begin { x = }", "parse error: expected literal string or number | saw: operator '}' at t.stp:1:19")]
    [InlineData("foo", "parse error: expected 'probe', 'global', 'private', 'function', or '%{' | saw: identifier 'foo' at t.stp:1:1")]
    [InlineData("probe begin { for (i = 0 i < 3; i++) {} }", "parse error: expected ';' | saw: identifier 'i' at t.stp:1:26")]
    [InlineData("probe begin {", "parse error: expected statement | saw: t.stp EOF")]
    [InlineData("probe begin { f(", "parse error: expected value | saw: t.stp EOF")]
    [InlineData("probe begin { x = (1", "parse error: unexpected end-of-file | saw: t.stp EOF")]
    [InlineData("global 5", "parse error: expected identifier | saw: number '5' at t.stp:1:8")]
    [InlineData("global a, a", "parse error: duplicate global name | saw: identifier 'a' at t.stp:1:11")]
    [InlineData("global a[0]", "parse error: array size out of range | saw: number '0' at t.stp:1:10")]
    [InlineData("function f(a, a) {}", "parse error: duplicate parameter names | saw: identifier 'a' at t.stp:1:15")]
    [InlineData("function f:int () {}", "parse error: expected 'string' or 'long' | saw: identifier 'int' at t.stp:1:12")]
    [InlineData("probe begin { x = 99999999999999999999 }", "parse error: number invalid or out of range | saw: number '99999999999999999999' at t.stp:1:19")]
    [InlineData("probe begin { x = 12abc }", "parse error: number invalid or out of range | saw: number '12abc' at t.stp:1:19")]
    [InlineData("probe begin { x = \"abc }", "parse error: Could not find matching closing quote | at: junk '' at t.stp:1:19")]
    [InlineData("probe begin { %{ x", "parse error: Could not find matching '%}' to close embedded function block | at: junk '' at t.stp:1:15")]
    [InlineData("probe begin { return 1 }", "parse error: found 'return' not in function context | saw: keyword at t.stp:1:15")]
    [InlineData("probe begin { x = @hist_log(s) }", "parse error: base histogram operator where expression expected | at: operator '@hist_log' at t.stp:1:19")]
    [InlineData("probe begin { x = @sum(s, 1) }", "parse error: not more than 1 parameter allowed | at: operator ',' at t.stp:1:25")]
    [InlineData("probe begin { x = @nosuch }", "parse error: unknown operator @nosuch | saw: operator '@nosuch' at t.stp:1:19")]
    [InlineData("probe begin { [a, b] }", "parse error: unexpected comma-separated expression list | saw: operator '}' at t.stp:1:22")]
    [InlineData("probe begin { $x$->a }", "parse error: -> and [ are not accepted for a pretty-printing variable | saw: operator '->' at t.stp:1:18")]
    [InlineData("probe begin { x = &&$y }", "parse error: expected literal string or number | saw: operator '&&' at t.stp:1:19")]
    [InlineData("probe begin { x = &(&$y) }", "parse error: cannot take address more than once | at: operator '&' at t.stp:1:19")]
    [InlineData("probe a? = b {}", "parse error: probe point alias name cannot be optional nor sufficient | at: identifier 'a' at t.stp:1:7")]
    [InlineData("probe a.b? .c {}", "parse error: expected one of ', { } = +=' | saw: operator '.' at t.stp:1:12")]
    [InlineData("probe a(1 {}", "parse error: expected ')' | saw: operator '{' at t.stp:1:11")]
    [InlineData("probe begin { foreach (k in a @foo+) {} }", "parse error: expected statistical operation | saw: operator '@foo' at t.stp:1:31")]
    [InlineData("probe begin { foreach ([a+, b-] in x) {} }", "parse error: multiple sort directives | saw: operator '-' at t.stp:1:30")]
    [InlineData("probe begin { printf(x) }", "parse error: expected literal string | saw: identifier 'x' at t.stp:1:22")]
    [InlineData("probe begin { f(1 2) }", "parse error: expected one of ') ,' | saw: number '2' at t.stp:1:19")]
    [InlineData("probe begin { x = a ? b }", "parse error: expected ':' | saw: operator '}' at t.stp:1:25")]
    [InlineData("probe begin { x = @cast(p, \"\") }", "parse error: expected non-empty string | saw: operator ')' at t.stp:1:30")]
    public void ReportsStapWording(string source, string expected)
    {
        Assert.Equal(expected, Errors(source)[0]);
    }

    [Theory]
    [InlineData("%( 1 == 1 %? probe begin {}", "parse error: incomplete conditional at end of file | at: operator '%(' at t.stp:1:1")]
    [InlineData("probe begin { x = 1 %: 2 }", "parse error: incomplete conditional - missing '%(' | at: operator '%:' at t.stp:1:21")]
    [InlineData("%( foo == 1 %? %)", "parse error: expected 'arch', 'kernel_v', 'kernel_vr', 'systemtap_v',\n             'runtime', 'systemtap_privilege', 'CONFIG_...', or\n             comparison between strings or integers | at: identifier 'foo' at t.stp:1:4")]
    [InlineData("%( kernel_v > \"2.*\" %? %)", "parse error: wildcard not allowed with order comparison operators | at: operator '>' at t.stp:1:13")]
    [InlineData("%( arch < \"x\" %? %)", "parse error: expected '==' or '!=' | at: operator '<' at t.stp:1:9")]
    [InlineData("%( kernel_v == 2 %? %)", "parse error: expected string literal | at: number '2' at t.stp:1:16")]
    [InlineData("%( 1 == 1 probe", "parse error: expected '%?' marker for conditional | at: operator '%(' at t.stp:1:1")]
    [InlineData("%( 1 ==", "parse error: incomplete condition after '%(' | at: operator '%(' at t.stp:1:1")]
    [InlineData("%( 1 == 1 %? %: %: %)", "parse error: invalid conditional - duplicate '%:' | at: operator '%:' at t.stp:1:17")]
    [InlineData("@define a %( 1 %)\n@define a %( 2 %)", "parse error: attempt to redefine macro '@a' in the same file | at: identifier 'a' at t.stp:2:9")]
    [InlineData("@define m(x) %( @x %)\nprobe begin { y = @m(1, 2) }", "parse error: too many parameters for macro '@m' (expected 1) | at: operator ',' at t.stp:2:23")]
    [InlineData("@define m(x, y) %( @x %)\nprobe begin { y = @m(1) }", "parse error: too few parameters for macro '@m' (expected 2) | at: operator ')' at t.stp:2:23")]
    [InlineData("@define m(x) %( @x %)\nprobe begin { y = @m }", "parse error: expected '(' in invocation of macro '@m' taking 1 parameter | at: operator '}' at t.stp:2:22")]
    [InlineData("@define m %( 1", "parse error: incomplete macro definition - missing '%)' | at: identifier 'm' at t.stp:1:9")]
    [InlineData("@define m 1", "parse error: expected '%(' or '(' | at: number '1' at t.stp:1:11")]
    [InlineData("@define define %( %)", "parse error: attempt to redefine '@define' | at: identifier 'define' at t.stp:1:9")]
    public void ReportsPreprocessorErrors(string source, string expected)
    {
        Assert.Equal(expected, Errors(source)[0]);
    }

    [Fact]
    public void MissingArgumentNamesTheRange()
    {
        Assert.Equal(["parse error: command line argument out of range [1-1] | at: junk '' at t.stp:1:19"],
            Errors("probe begin { x = $2 }", Context("a")));
    }

    [Fact]
    public void DiagnosticCarriesStapFields()
    {
        ParseHelper.Parse("probe begin { x = 1 ) }", out var diagnostics);
        var d = Assert.Single(diagnostics);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal("parse error", d.Kind);
        Assert.Equal("expected literal string or number", d.Message);
        Assert.Equal("operator ')'", d.Token);
        Assert.Equal("saw", d.TokenLabel);
        Assert.Equal(20, d.Span!.Value.Start);
        Assert.Equal(21, d.Span!.Value.End);
        Assert.Equal("probe begin { x = 1 ) }", d.Span.Value.File.LineText(d.Span.Value.Line));
    }

    [Fact]
    public void RecoversAtTheNextTopLevelKeywordAndReportsEveryError()
    {
        var errors = Errors("probe begin { x = }\nprobe end { y = 1 }\nfunction f( {}\nglobal 1\nprobe z { ) }");
        Assert.Equal(4, errors.Length);
        Assert.Contains("t.stp:1:19", errors[0]);
        Assert.Contains("expected identifier | saw: operator '{' at t.stp:3:13", errors[1]);
        Assert.Contains("t.stp:4:8", errors[2]);
        Assert.Contains("expected literal string or number | saw: operator ')' at t.stp:5:11", errors[3]);
    }

    [Fact]
    public void ScriptWithErrorsGivesNoTree()
    {
        var result = new ParsePass().Run(new ParseInput(new SourceFile("t.stp", "probe begin { x = }"), [], Context()));
        Assert.Null(result.Script);
        Assert.Single(result.Diagnostics);
    }

    [Theory]
    [InlineData("", "Input file 't.stp' is empty.")]
    [InlineData("# only a comment\n", "Input file 't.stp' is empty.")]
    [InlineData("%( 1 == 2 %? probe begin {} %)", "Input file 't.stp' is empty after preprocessing.")]
    public void EmptyScriptIsAnError(string source, string message)
    {
        var result = new ParsePass().Run(new ParseInput(new SourceFile("t.stp", source), [], Context()));
        Assert.Null(result.Script);
        Assert.Equal(message, Assert.Single(result.Diagnostics).Message);
    }

    [Theory]
    [InlineData("%{ int x; %}", "embedded code in unprivileged script; need stap -g")]
    [InlineData("function f() %{ %}", "embedded code in unprivileged script; need stap -g")]
    [InlineData("probe begin { x = %{ 1 %} }", "embedded expression code in unprivileged script; need stap -g")]
    [InlineData("probe begin { x = @const(\"A\") }", "using @const operator not permitted; need stap -g")]
    [InlineData("probe begin { x = @kregister(1) }", "using @kregister operator not permitted; need stap -g")]
    [InlineData("probe begin { x = @kderef(4, 0) }", "using @kderef operator not permitted; need stap -g")]
    public void PrivilegeChecksAreOptIn(string source, string message)
    {
        var input = new ParseInput(new SourceFile("t.stp", source), [], Context());
        Assert.Empty(new ParsePass().Run(input).Diagnostics);
        var checkedResult = new ParsePass { CheckPrivilege = true }.Run(input);
        Assert.Equal(message, checkedResult.Diagnostics[0].Message);
        Assert.Empty(new ParsePass { CheckPrivilege = true }.Run(input with { Context = Context() with { GuruMode = true } }).Diagnostics);
    }

    [Fact]
    public void TapsetsArePrivileged()
    {
        var result = new ParsePass { CheckPrivilege = true }.Run(new ParseInput(
            new SourceFile("t.stp", "probe begin { f() }"),
            [new SourceFile("lib.stp", "function f() %{ /* C */ %}")],
            Context()));
        Assert.Empty(result.Diagnostics);
        var tapset = Assert.Single(result.Tapsets);
        Assert.True(tapset.IsTapset);
        Assert.False(result.Script!.IsTapset);
    }

    [Fact]
    public void TapsetErrorsAreWarningsAndTheTapsetLeftOut()
    {
        var result = new ParsePass().Run(new ParseInput(
            new SourceFile("t.stp", "probe begin { }"),
            [new SourceFile("bad.stp", "function ("), new SourceFile("good.stp", "function g() { }")],
            Context()));
        Assert.Equal("good.stp", Assert.Single(result.Tapsets).File.Path);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("bad.stp:1:10", d.Span.ToString());
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.NotNull(result.Script);
    }
}

public class WarningTests
{
    [Fact]
    public void WarnsAboutSuspiciousEmbeddedClose()
    {
        ParseHelper.Parse("%{ int x; }% %}\nprobe begin {}", out var diagnostics);
        var d = Assert.Single(diagnostics);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("possible erroneous closing '}%', use '%}'?", d.Message);
        Assert.Equal("t.stp:1:1", d.Span.ToString());
    }

    [Fact]
    public void WarnsWhenAMacroShadowsAnOperator()
    {
        ParseHelper.Parse("@define count(x) %( 1 %)\nprobe begin { y = @count(2) }", out var diagnostics);
        var d = Assert.Single(diagnostics);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("macro redefines built-in operator '@count'", d.Message);
    }
}
