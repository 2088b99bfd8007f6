using Stapper.Parse;
using static Stapper.Tests.Parse.ParseHelper;

namespace Stapper.Tests.Parse;

public class DeclarationTests
{
    [Fact]
    public void ProbePoints()
    {
        var probe = Assert.IsType<ProbeDeclaration>(Assert.Single(ParseOk(
            "probe kernel.function(\"vfs_*\").return ?, syscall.*.return!, timer.ms(-5) if (on) {}").Declarations));
        Assert.Equal(3, probe.Points.Length);

        var first = probe.Points[0];
        Assert.Equal(["kernel", "function", "return"], first.Components.Select(c => c.Functor));
        Assert.Equal("vfs_*", Assert.IsType<StringLiteral>(first.Components[1].Argument).Value);
        Assert.True(first.Optional);
        Assert.False(first.Sufficient);

        var second = probe.Points[1];
        Assert.Equal(["syscall", "*", "return"], second.Components.Select(c => c.Functor));
        Assert.True(second.Optional);
        Assert.True(second.Sufficient);

        var third = probe.Points[2];
        Assert.Equal(-5, Assert.IsType<NumberLiteral>(third.Components[1].Argument).Value);
        Assert.Equal("on", Assert.IsType<Identifier>(third.Condition).Name);
    }

    [Fact]
    public void WildcardsGlueAdjacentPieces()
    {
        var probe = Assert.IsType<ProbeDeclaration>(Assert.Single(ParseOk("probe sys**call.*open*, a.b* {}").Declarations));
        Assert.Equal(["sys**call", "*open*"], probe.Points[0].Components.Select(c => c.Functor));
        Assert.Equal(["a", "b*"], probe.Points[1].Components.Select(c => c.Functor));
    }

    [Fact]
    public void BraceGroupsExpandToEveryCombination()
    {
        var probe = Assert.IsType<ProbeDeclaration>(Assert.Single(ParseOk("probe {a, b}.{c, d} {}").Declarations));
        Assert.Equal(["a.c", "a.d", "b.c", "b.d"],
            probe.Points.Select(p => string.Join(".", p.Components.Select(c => c.Functor))));
    }

    [Fact]
    public void Aliases()
    {
        var decls = ParseOk("probe my.alias = kernel.function(\"x\"), timer.s(1) { a = 1 }\nprobe e += begin { }\nprobe c = begin { } , { }").Declarations;
        var prologue = Assert.IsType<AliasDeclaration>(decls[0]);
        Assert.Equal(["my", "alias"], Assert.Single(prologue.Names).Components.Select(c => c.Functor));
        Assert.Equal(2, prologue.Targets.Length);
        Assert.False(prologue.IsEpilogue);
        Assert.Null(prologue.EpilogueBody);
        Assert.True(Assert.IsType<AliasDeclaration>(decls[1]).IsEpilogue);
        Assert.NotNull(Assert.IsType<AliasDeclaration>(decls[2]).EpilogueBody);
    }

    [Fact]
    public void GlobalsOneDeclarationPerVariable()
    {
        var decls = ParseOk("global a, b[100], c = -5, d%, e%[10], f = \"s\";\nprivate global g\nprivate h = 0x10").Declarations
            .Cast<GlobalDeclaration>().ToArray();
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], decls.Select(d => d.Name));
        Assert.Equal(100, decls[1].MaxEntries);
        Assert.Equal(-5, Assert.IsType<NumberLiteral>(decls[2].Initializer).Value);
        Assert.True(decls[3].Wrap);
        Assert.True(decls[4].Wrap);
        Assert.Equal(10, decls[4].MaxEntries);
        Assert.Equal("s", Assert.IsType<StringLiteral>(decls[5].Initializer).Value);
        Assert.False(decls[5].IsPrivate);
        Assert.True(decls[6].IsPrivate);
        Assert.True(decls[7].IsPrivate);
        Assert.Equal(16, Assert.IsType<NumberLiteral>(decls[7].Initializer).Value);
        Assert.Equal("t.stp:1:8", decls[0].Span.ToString());
    }

    [Fact]
    public void Functions()
    {
        var decls = ParseOk("function f:long (a:long, b:string, c) { return a }\nprivate function g() %{ /* C */ %}\nfunction string() { }\nfunction p() : 10 { }").Declarations;
        var f = Assert.IsType<FunctionDeclaration>(decls[0]);
        Assert.Equal("f", f.Name);
        Assert.Equal(TypeName.Long, f.ReturnType);
        Assert.Equal([TypeName.Long, TypeName.String, null], f.Parameters.Select(p => p.Type));
        Assert.Equal(["a", "b", "c"], f.Parameters.Select(p => p.Name));
        Assert.False(f.IsPrivate);
        var g = Assert.IsType<FunctionDeclaration>(decls[1]);
        Assert.True(g.IsPrivate);
        Assert.Null(g.Body);
        Assert.Equal(" /* C */ ", g.EmbeddedBody!.Code);
        Assert.Equal("string", Assert.IsType<FunctionDeclaration>(decls[2]).Name);
        Assert.Equal("p", Assert.IsType<FunctionDeclaration>(decls[3]).Name);
    }

    [Fact]
    public void TopLevelEmbeddedCode()
    {
        var e = Assert.IsType<EmbeddedCode>(Assert.Single(ParseOk("%{\n#include <linux/sched.h>\n%}").Declarations));
        Assert.Equal("\n#include <linux/sched.h>\n", e.Code);
        Assert.Equal(EmbeddedPragmas.None, e.Pragmas);
    }

    [Theory]
    [InlineData("/* pure */ /* unprivileged */", EmbeddedPragmas.Pure | EmbeddedPragmas.Unprivileged)]
    [InlineData("/* myproc-unprivileged */ x = 1; /* pragma:regs */", EmbeddedPragmas.MyprocUnprivileged | EmbeddedPragmas.Registers)]
    [InlineData("/* guru */ /* unmodified-fnargs */ /* stable */", EmbeddedPragmas.Guru | EmbeddedPragmas.UnmodifiedFnargs | EmbeddedPragmas.Stable)]
    [InlineData("/* bpf */ /* string */ /* pragma:tagged_dfa */", EmbeddedPragmas.Bpf | EmbeddedPragmas.String | EmbeddedPragmas.TaggedDfa)]
    [InlineData("/*pure*/ /* pure  */ /* PURE */ pure", EmbeddedPragmas.None)]
    [InlineData("/* pure */ /* pure */", EmbeddedPragmas.Pure)]
    public void EmbeddedCodeCarriesItsPragmas(string code, EmbeddedPragmas expected)
    {
        // stap's tagged_p: the exact comment text anywhere in the code, whatever surrounds it.
        var decls = ParseOk($"%{{ {code} %}}\nfunction f() %{{ {code} %}}\nprobe begin {{ x = %{{ {code} %}} }}").Declarations;
        Assert.Equal(expected, Assert.IsType<EmbeddedCode>(decls[0]).Pragmas);
        Assert.Equal(expected, Assert.IsType<FunctionDeclaration>(decls[1]).EmbeddedBody!.Pragmas);
        var probe = Assert.IsType<ProbeDeclaration>(decls[2]);
        var assignment = Assert.IsType<AssignmentExpression>(Assert.IsType<ExpressionStatement>(Assert.Single(probe.Body.Statements)).Expression);
        Assert.Equal(expected, Assert.IsType<EmbeddedExpression>(assignment.Value).Pragmas);
    }
}
