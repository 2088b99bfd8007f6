using static Stapper.Tests.Parse.ParseHelper;

namespace Stapper.Tests.Parse;

/// <summary>stap's --compatible (PreprocessorContext.SystemtapVersion) turns off newer syntax.</summary>
public class CompatibilityTests
{
    private static Stapper.Parse.PreprocessorContext Version(string v) => Context() with { SystemtapVersion = v };

    [Fact]
    public void EnumOperatorsFrom55And56()
    {
        Assert.Contains("x = @enum(\"FSNOTIFY_EVENT_PATH\");", Print("probe begin { x = @enum(\"FSNOTIFY_EVENT_PATH\") }", Version("5.5")));
        Assert.Contains("y = @enumname($cap);", Print("probe begin { y = @enumname($cap) }", Version("5.6")));
        Assert.Contains("y = @enumname(v, \"enum e\", \"kernel\");", Print("probe begin { y = @enumname(v, \"enum e\", \"kernel\") }", Version("5.6")));
        Assert.Contains("unknown operator @enum", Errors("probe begin { x = @enum(\"A\") }")[0]);
        Assert.Contains("unknown operator @enumname", Errors("probe begin { x = @enumname(1) }", Version("5.5"))[0]);
        Assert.Contains("expected non-empty string", Errors("probe begin { x = @enumname(1, \"\") }", Version("5.6"))[0]);
    }

    [Fact]
    public void AutocastNeeds26()
    {
        ParseOk("probe begin { x = f()->a }");
        Assert.Contains("expected ')'", Errors("probe begin { ( (foo)[1] in bar ) }", Version("2.5"))[0]);
        Assert.Contains("expected @cast, @var or $var", Errors("probe begin { x = &f() }", Version("2.5"))[0]);
    }

    [Fact]
    public void CommentsStopStringGluingBefore20()
    {
        ParseOk("probe kernel.function(\"sys_\" /* c */ \"open\") {}");
        Assert.Contains("expected ')' | saw: string 'open'", Errors("probe kernel.function(\"sys_\" /* c */ \"open\") {}", Version("1.8"))[0]);
        ParseOk("probe kernel.function(\"sys_\" \"open\") {}", Version("1.8"));
    }

    [Fact]
    public void PrivateIsAKeywordFrom30()
    {
        ParseOk("probe begin { private = 1 }", Version("2.9"));
        Assert.NotEmpty(Errors("probe begin { private = 1 }"));
    }

    [Fact]
    public void TernaryElseBindsLooselyBefore40()
    {
        Assert.Contains("x = (a ? b : (c = d));", Print("probe begin { x = a ? b : c = d }", Version("3.3")));
        Assert.Contains("x = ((a ? b : c) = d);", Print("probe begin { x = a ? b : c = d }"));
    }

    [Fact]
    public void RegisterOperatorsFrom40() =>
        Assert.Contains("unknown operator @kregister", Errors("probe begin { x = @kregister(1) }", Version("3.3"))[0]);
}
