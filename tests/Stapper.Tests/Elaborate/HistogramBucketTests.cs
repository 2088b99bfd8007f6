using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// Histogram buckets as values (<c>@hist_log(x)[i]</c>, <c>i in @hist_log(x)</c>, <c>foreach (b in @hist_log(x))</c>);
/// the error texts are stap 4.8's at -p2 on 6.1.0-57-amd64.
/// </summary>
public sealed class HistogramBucketTests
{
    private static IEnumerable<object> Nodes(ElaboratedProgram program) =>
        program.Probes.SelectMany(p => BoundWalker.Nodes(p.Body));

    [Fact]
    public void ABucketAndInAreLongCountsOfTheHistogram()
    {
        var program = Elaboration.Program("""
            global s, a
            probe begin { s <<< 1; a["k"] <<< 2; x = @hist_log(s)[64] + (65 in @hist_log(s)); y = @hist_linear(a["k"], 0, 10, 2)[x]; println(x + y) }
            """);
        var buckets = Nodes(program).OfType<BoundHistogramBucket>().ToList();
        Assert.Equal(3, buckets.Count);
        Assert.All(buckets, b => Assert.Equal(StapType.Long, b.Type));
        Assert.Equal([HistogramKind.Log, HistogramKind.Log, HistogramKind.Linear], buckets.Select(b => b.Histogram.Kind));
        Assert.All(buckets, b => Assert.StartsWith("operator '@hist_", b.Token, StringComparison.Ordinal));
        Assert.Equal(new LinearHistogram(0, 10, 2), program.Globals.Single(g => g.Name == "a").Stats!.LinearHistogram);
        Assert.True(program.Globals.Single(g => g.Name == "s").Stats!.LogHistogram);
    }

    [Fact]
    public void ForeachOverAHistogramWalksItsBucketsWithLongIndexAndValue()
    {
        var program = Elaboration.Program("""
            global s
            probe begin { s <<< 1; foreach (n = b- in @hist_log(s) limit 5) printf("%d %d\n", b, n) }
            """);
        var loop = Nodes(program).OfType<BoundForeach>().Single();
        Assert.NotNull(loop.Histogram);
        Assert.Equal("s", loop.Array.Name);
        Assert.Equal(StapType.Long, loop.Keys.Single().Type);
        Assert.Equal(StapType.Long, loop.Value!.Type);
        // stap parses the sort and ignores it: buckets come in index order.
        Assert.Equal(SortDirection.None, loop.SortDirection);
        Assert.NotNull(loop.Limit);
    }

    [Theory]
    [InlineData("println(@hist_log(foo)[\"a\"])", "type mismatch: expected long but found string: string 'a' at t.stp:2:")]
    [InlineData("println([1,2] in @hist_log(foo))", "unresolved type : operator '@hist_log' at t.stp:2:")]
    [InlineData("foreach ([a,b] in @hist_log(foo)) println(a)", "unresolved type : keyword at t.stp:2:")]
    [InlineData("foreach (b in @hist_log(foo)) { b = \"s\"; println(b) }", "type mismatch (string): identifier 'b' at t.stp:2:")]
    [InlineData("@hist_log(foo)[1] = 3", "Expecting lvalue for assignment")]
    [InlineData("println(@hist_linear(foo, 0, 10, 2)[1]); println(@hist_log(foo)[1])",
        "multiple histogram types declared on '__global_foo': operator '@hist_log' at t.stp:2:")]
    [InlineData("print(@hist_linear(foo, 0, 10, 2)); print(@hist_linear(foo, 0, 20, 2))",
        "multiple histogram types declared on '__global_foo': operator '@hist_linear' at t.stp:2:")]
    public void MisuseIsStapsError(string statement, string error)
    {
        var errors = Elaboration.Errors("global foo\nprobe begin { foo <<< 1; " + statement + " }");
        Assert.Contains(error, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void WritingTheStatisticInABucketLoopIsAMutationOfIt()
    {
        var errors = Elaboration.Errors("""
            global a
            probe begin { a[1] <<< 1; foreach (b in @hist_log(a[1])) a[2] <<< b }
            """);
        Assert.Contains("variable 'a' modified during 'foreach' iteration", errors, StringComparison.Ordinal);
    }
}
