using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Tests.Parse;

public class TapsetDeclarationsTests
{
    private static TapsetDeclarations Scan(string text) => TapsetDeclarations.Scan(new SourceFile("t.stp", text));

    [Fact]
    public void FunctionsGlobalsAndAliasesAtTheTopLevelAreDeclared()
    {
        var d = Scan("""
            global a, b[100], c = -1, d = "x"
            private global e
            @__private30 function f:long(x:long) { return x }
            private function g() %{ /* function h */ %}
            function i() { return kernel.function("j") }
            probe k.l = kernel.function("m").call ? { }
            probe n.o += p.q { }
            probe r = s.t = kernel.function("u") { }
            probe begin { global_in_body = 1 }
            """);
        Assert.Equal(["f", "g", "i"], TapsetDeclarations.Names(d.Functions).ToArray());
        Assert.Equal(["a", "b", "c", "d", "e"], TapsetDeclarations.Names(d.Globals).ToArray());
        Assert.Equal(["k.l", "n.o", "r", "s.t"], TapsetDeclarations.Names(d.Aliases).ToArray());
        Assert.False(d.Always);
    }

    [Fact]
    public void EveryBranchOfAConditionCounts()
    {
        var d = Scan("""
            %( kernel_v >= "5.0" %? function new_way() { } %: function old_way() { } %)
            probe %( arch == "x86_64" %? a.b %: a.c %) = kernel.function("x") { }
            """);
        Assert.Equal(["new_way", "old_way"], TapsetDeclarations.Names(d.Functions).ToArray());
        Assert.Equal(["a.b", "a.c"], TapsetDeclarations.Names(d.Aliases).ToArray());
    }

    [Fact]
    public void AFileTheLexerRejectsIsAlwaysParsed()
    {
        Assert.True(Scan("function f() { return \"unclosed }").Always);
    }

    [Fact]
    public void IdentifiersNameFunctionsAndGlobalsAndProbePointsGlobAliasNames()
    {
        var d = Scan("global g\nfunction f() { }\nprobe syscall.openat = kernel.function(\"x\") { }\n");
        ImmutableArray<string>[] none = [];
        Assert.True(d.Provides(new HashSet<string> { "f" }, none));
        Assert.True(d.Provides(new HashSet<string> { "g" }, none));
        Assert.False(d.Provides(new HashSet<string> { "h" }, none));
        Assert.True(d.Provides(new HashSet<string>(), [["syscall", "openat"]]));
        Assert.True(d.Provides(new HashSet<string>(), [["syscall", "open*"]]));
        Assert.True(d.Provides(new HashSet<string>(), [["sys*"]]));
        // A probe point may add a suffix (.return, .maxactive(N)) to an alias.
        Assert.True(d.Provides(new HashSet<string>(), [["syscall", "openat", "return"]]));
        Assert.False(d.Provides(new HashSet<string>(), [["syscall", "close"]]));
        Assert.False(d.Provides(new HashSet<string>(), [["kernel", "function"]]));
    }
}
