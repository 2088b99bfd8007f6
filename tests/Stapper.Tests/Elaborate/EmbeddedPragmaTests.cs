using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Tests.Elaborate;

/// <summary>Pass 2 reads the pragmas pass 1 found in embedded C: the optimizer's /* pure */, pass 3's markers.</summary>
public class EmbeddedPragmaTests
{
    private static readonly (string, string) Tapset = ("t.stp", """
        function p:long () %{ /* pure */ STAP_RETVALUE = 1; %}
        function q:long () %{ /*pure*/ STAP_RETVALUE = 2; %}
        function e() { %{ /* pure */ 3 %}; %{ 4 %} }
        function r() %{ /* pragma:regs */ /* pragma:tagged_dfa */ %}
        function s() %{ /*pragma:regs*/ %}
        """);

    [Fact]
    public void PureEmbeddedCodeIsElidedWhenItsValueIsUnused()
    {
        var printed = ProgramPrinter.Print(Elaboration.Program("probe begin { p(); q(); e(); println(1) }", Tapset), verbose: true);
        Assert.DoesNotContain("p()", printed);
        Assert.Contains("q()", printed);
        Assert.DoesNotContain("3 %}", printed);
        Assert.Contains("%{ 4 %}", printed);
    }

    [Fact]
    public void FunctionBodiesCarryTheirPragmasToPass3()
    {
        var program = Elaboration.Program("probe begin { p(); r(); s(); println(p()) }", Tapset);
        var r = program.Functions.Single(f => f.Name == "r").Embedded!;
        Assert.Equal(EmbeddedPragmas.Registers | EmbeddedPragmas.TaggedDfa, r.Pragmas);
        Assert.True(r.ReadsRegisters);
        Assert.True(r.ReadsSubmatches);
        var s = program.Functions.Single(f => f.Name == "s").Embedded!;
        Assert.False(s.ReadsRegisters);
        Assert.False(s.ReadsSubmatches);
        Assert.Equal(EmbeddedPragmas.Pure, program.Functions.Single(f => f.Name == "p").Embedded!.Pragmas);
    }
}
