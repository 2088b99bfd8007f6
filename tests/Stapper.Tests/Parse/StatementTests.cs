using Stapper.Parse;
using static Stapper.Tests.Parse.ParseHelper;

namespace Stapper.Tests.Parse;

public class StatementTests
{
    [Fact]
    public void IfElse()
    {
        var s = Assert.IsType<IfStatement>(Statement("if (x > 1) y = 2; else { y = 3 }"));
        Assert.IsType<BinaryExpression>(s.Condition);
        Assert.IsType<ExpressionStatement>(s.Then);
        Assert.IsType<Block>(s.Else);
        Assert.Null(Assert.IsType<IfStatement>(Statement("if (x) next")).Else);
    }

    [Fact]
    public void Loops()
    {
        var w = Assert.IsType<WhileStatement>(Statement("while (i < 10) i++"));
        Assert.IsType<ExpressionStatement>(w.Body);

        var f = Assert.IsType<ForStatement>(Statement("for (i = 0; i < 10; i++) { continue }"));
        Assert.NotNull(f.Init);
        Assert.NotNull(f.Condition);
        Assert.NotNull(f.Increment);
        Assert.IsType<ContinueStatement>(Assert.Single(Assert.IsType<Block>(f.Body).Statements));

        var empty = Assert.IsType<ForStatement>(Statement("for (;;) break"));
        Assert.Null(empty.Init);
        Assert.Null(empty.Condition);
        Assert.Null(empty.Increment);
        Assert.IsType<BreakStatement>(empty.Body);
    }

    [Fact]
    public void ForeachForms()
    {
        var simple = Assert.IsType<ForeachStatement>(Statement("foreach (k in a) print(k)"));
        Assert.Equal("k", Assert.Single(simple.Keys).Name);
        Assert.Null(simple.Value);
        Assert.Equal(SortDirection.None, simple.SortDirection);
        Assert.True(simple.Slice.IsDefaultOrEmpty);

        var sorted = Assert.IsType<ForeachStatement>(Statement("foreach ([a, b-] in arr limit 5) next"));
        Assert.Equal(["a", "b"], sorted.Keys.Select(k => k.Name));
        Assert.Equal(SortDirection.Descending, sorted.SortDirection);
        Assert.Equal(2, sorted.SortColumn);
        Assert.Equal(5, Assert.IsType<NumberLiteral>(sorted.Limit).Value);

        var value = Assert.IsType<ForeachStatement>(Statement("foreach (v+ = [a, b] in arr[*, 3]) next"));
        Assert.Equal("v", value.Value!.Name);
        Assert.Equal(SortDirection.Ascending, value.SortDirection);
        Assert.Equal(0, value.SortColumn);
        Assert.Equal(2, value.Slice.Length);
        Assert.Null(value.Slice[0]);

        var byValue = Assert.IsType<ForeachStatement>(Statement("foreach (k in a-) next"));
        Assert.Equal(0, byValue.SortColumn);
        Assert.Equal(SortDirection.Descending, byValue.SortDirection);

        var aggregate = Assert.IsType<ForeachStatement>(Statement("foreach (k in stats @sum+) next"));
        Assert.Equal(AggregateOperator.Sum, aggregate.SortAggregate);
        Assert.Equal(SortDirection.Ascending, aggregate.SortDirection);

        var hist = Assert.IsType<ForeachStatement>(Statement("foreach (b in @hist_log(s)) next"));
        Assert.IsType<HistogramExpression>(hist.Source);

        var single = Assert.IsType<ForeachStatement>(Statement("foreach (v = k+ in a) next"));
        Assert.Equal(1, single.SortColumn);
    }

    [Fact]
    public void SimpleStatements()
    {
        var d = Assert.IsType<DeleteStatement>(Statement("delete a[*, k]"));
        Assert.Null(Assert.IsType<IndexExpression>(d.Target).Indexes[0]);
        Assert.IsType<NextStatement>(Statement("next;"));
        Assert.IsType<EmptyStatement>(Statement(";"));
        Assert.IsType<Block>(Statement("{ }"));
    }

    [Fact]
    public void TryCatch()
    {
        var t = Assert.IsType<TryStatement>(Statement("try { error(\"x\") } catch (msg) { print(msg) }"));
        Assert.Equal("msg", t.CatchVariable!.Name);
        Assert.Null(Assert.IsType<TryStatement>(Statement("try { } catch { }")).CatchVariable);
    }

    [Fact]
    public void SemicolonsAfterStatementsAreSwallowedButLoneOnesAreEmptyStatements()
    {
        var probe = Assert.IsType<ProbeDeclaration>(Assert.Single(ParseOk("probe begin { x = 1; ; if (x) {} ; }").Declarations));
        Assert.Equal([typeof(ExpressionStatement), typeof(EmptyStatement), typeof(IfStatement), typeof(EmptyStatement)],
            probe.Body.Statements.Select(s => s.GetType()));
    }

    [Fact]
    public void ReturnInFunction()
    {
        var f = Assert.IsType<FunctionDeclaration>(Assert.Single(ParseOk("function f() { return 1 }").Declarations));
        Assert.NotNull(Assert.IsType<ReturnStatement>(Assert.Single(f.Body!.Statements)).Value);
        var g = Assert.IsType<FunctionDeclaration>(Assert.Single(ParseOk("function g() { return; }").Declarations));
        Assert.Null(Assert.IsType<ReturnStatement>(Assert.Single(g.Body!.Statements)).Value);
    }
}
