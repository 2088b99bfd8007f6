using Stapper.Parse;
using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

public class TypeInferenceTests
{
    [Fact]
    public void TypesFlowThroughAssignmentsCallsAndArrays()
    {
        var program = Elaboration.Program("""
            global a, total
            function twice(x) { return x * 2 }
            function name(s) { return s . "!" }
            probe begin { a[name("k"), 3] = twice(4); total += a["k!", 3]; exit2() }
            function exit2() { println("bye") }
            """);
        var a = program.Globals.Single(g => g.Name == "a");
        Assert.Equal(StapType.Long, a.Type);
        Assert.Equal([StapType.String, StapType.Long], a.KeyTypes.ToArray());
        Assert.Equal(StapType.Long, program.Functions.Single(f => f.Name == "twice").ReturnType);
        Assert.Equal(StapType.String, program.Functions.Single(f => f.Name == "name").Parameters[0].Type);
        Assert.Equal(StapType.Void, program.Functions.Single(f => f.Name == "exit2").ReturnType);
    }

    [Fact]
    public void AFunctionThatReturnsNothingTakesItsTypeFromACallWhoseValueIsUsed()
    {
        var program = Elaboration.Program("""
            function quiet() { print("q") }
            function named() { print("n") }
            function unused() { print("u") }
            probe begin { if (quiet()) print(1); s = named() . "x"; print(s); unused() }
            """);
        Assert.Equal(StapType.Long, program.Functions.Single(f => f.Name == "quiet").ReturnType);
        Assert.Equal(StapType.String, program.Functions.Single(f => f.Name == "named").ReturnType);
        Assert.Equal(StapType.Void, program.Functions.Single(f => f.Name == "unused").ReturnType);
    }

    [Fact]
    public void DeleteLeavesTheArityToALaterUse()
    {
        var program = Elaboration.Program("""
            global seen
            probe begin { delete seen; later() }
            function later() { foreach (k in seen) print(k) }
            probe end { seen[1] = 2 }
            """);
        Assert.Equal([StapType.Long], program.Globals.Single(g => g.Name == "seen").KeyTypes.ToArray());
    }

    [Fact]
    public void InfersBackwardsFromALaterUse()
    {
        var program = Elaboration.Program("""
            global g
            probe begin { x = g; y = x . "" }
            probe end { g = "s" }
            """);
        Assert.Equal(StapType.String, program.Globals.Single().Type);
        Assert.All(program.Probes[0].Locals, l => Assert.Equal(StapType.String, l.Type));
    }

    [Fact]
    public void MismatchNamesWhereTheTypeWasFirstInferred()
    {
        Assert.Equal("""
            semantic error: type mismatch (string): identifier 'x' at t.stp:1:22
                    source: probe begin { x = 1; x = "a"; print(x) }
                                                 ^

            semantic error: type was first inferred here (long): identifier 'x' at :1:15
                    source: probe begin { x = 1; x = "a"; print(x) }
                                          ^


            """.Replace("\r", ""), Elaboration.Errors("""probe begin { x = 1; x = "a"; print(x) }"""));
    }

    [Fact]
    public void ComparingLongWithStringIsAnError()
    {
        Assert.StartsWith("semantic error: type mismatch: left and right sides don't agree (long vs string): operator '==' at t.stp:1:23",
            Elaboration.Errors("""probe begin { print(1 == "a") }"""));
    }

    [Fact]
    public void UnresolvedLocalIsReported()
    {
        Assert.Equal("""
            WARNING: never-assigned local variable 'x': identifier 'x' at t.stp:1:21
             source: probe begin { print(x) }
                                         ^
            semantic error: unresolved type : identifier 'x' at :1:21
                    source: probe begin { print(x) }
                                                ^


            """.Replace("\r", ""), Elaboration.Errors("probe begin { print(x) }"));
    }

    [Fact]
    public void AnUnresolvedForeachKeyIsReportedAtTheLoopsKey()
    {
        // stap 4.8 names the key in the foreach (1:34), not its later use.
        Assert.Contains("semantic error: unresolved type : identifier 'k' at :1:34\n",
            Elaboration.Errors("global a; probe begin { foreach (k in a) println(k) }"));
    }

    [Fact]
    public void UnknownFunctionSuggestsSimilarOnes()
    {
        Assert.StartsWith("semantic error: unresolved function twic (similar: twice): identifier 'twic' at t.stp:2:15",
            Elaboration.Errors("function twice(x) { return x }\nprobe begin { twic(1) }"));
    }

    [Fact]
    public void ArrayWithoutGlobalDeclaration()
    {
        Assert.StartsWith("semantic error: unresolved arity-1 global array a, missing global declaration?: identifier 'a' at t.stp:1:15",
            Elaboration.Errors("probe begin { a[1] = 2 }"));
    }

    [Fact]
    public void PrintfChecksArgumentsAgainstTheFormat()
    {
        Assert.StartsWith("semantic error: Wrong number of args to formatted print operator: identifier 'printf' at t.stp:1:15",
            Elaboration.Errors("""probe begin { printf("%d %s\n", 1) }"""));
        Assert.StartsWith("semantic error: type mismatch: expected long but found string: string 'a' at t.stp:1:30",
            Elaboration.Errors("""probe begin { printf("%d\n", "a") }"""));
    }

    [Fact]
    public void AggregatesAreStatsAndKeepTheirHistograms()
    {
        var program = Elaboration.Program("""
            global s, t
            probe begin { s <<< 1; t[1] <<< 2; print(@hist_linear(s, 0, 100, 10)); print(@hist_log(t[1])); println(@count(s)) }
            """);
        var s = program.Globals.Single(g => g.Name == "s");
        Assert.Equal(StapType.Stats, s.Type);
        Assert.Equal(new LinearHistogram(0, 100, 10), s.Stats!.LinearHistogram);
        Assert.True(program.Globals.Single(g => g.Name == "t").Stats!.LogHistogram);
    }
}

public class FormatStringTests
{
    [Theory]
    [InlineData("%+05d", FormatFlags.Plus, 5)]
    [InlineData("%05d", FormatFlags.Zero, 5)]
    [InlineData("%-8s", FormatFlags.LeftAlign, 8)]
    [InlineData("%ld", FormatFlags.None, null)]
    public void OneFlagThenTheWidth(string format, FormatFlags flags, int? width)
    {
        var conversion = (FormatConversion)Stapper.Parse.FormatString.Parse(format)!.Value.Single();
        Assert.Equal(flags, conversion.Flags);
        Assert.Equal(width, conversion.Width);
    }

    [Theory]
    [InlineData("%-#x")]
    [InlineData("%lld")]
    [InlineData("%q")]
    [InlineData("abc %")]
    public void InvalidConversionsAreRejected(string format) =>
        Assert.Null(Stapper.Parse.FormatString.Parse(format));
}

public class VarianceTests
{
    [Fact]
    public void VarianceShiftIsKeptWithTheAggregate()
    {
        var program = Elaboration.Program("global b\nprobe begin { b <<< 1; println(@variance(b, 7)) }");
        Assert.Equal(7, program.Globals.Single().Stats!.VarianceShift);
    }

    [Theory]
    [InlineData("function zoo(x) { return x } probe begin { println(1) }")]
    // semok/optimize.stp: the only calls are side-effect free statements, elided before types are inferred.
    [InlineData("function zoo(x) { return x } probe begin { zoo(zoo(5)) } probe begin { println(1) }")]
    public void AFunctionNoProbeReachesIsNotTyped(string script) =>
        Assert.DoesNotContain("semantic error", Elaboration.Errors(script));
}
