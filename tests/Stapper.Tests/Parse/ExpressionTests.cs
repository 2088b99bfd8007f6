using Stapper.Parse;
using static Stapper.Tests.Parse.ParseHelper;

namespace Stapper.Tests.Parse;

public class ExpressionTests
{
    [Theory]
    [InlineData("a = b + c * d", "a = (b + (c * d));")]
    [InlineData("a = b - c - d", "a = ((b - c) - d);")]
    [InlineData("a = b = c", "a = (b = c);")]
    [InlineData("x = a || b && c", "x = (a || (b && c));")]
    [InlineData("x = a | b ^ c & d", "x = (a | (b ^ (c & d)));")]
    [InlineData("x = a == b < c", "x = ((a == b) < c);")]
    [InlineData("x = a << 1 . b", "x = (a << (1 . b));")]
    [InlineData("x = a . b + c", "x = (a . (b + c));")]
    [InlineData("x = a >>> 2 >> 1", "x = ((a >>> 2) >> 1);")]
    [InlineData("x = -a * !b", "x = ((-a) * (!b));")]
    [InlineData("x = ~ - + a", "x = (~(-(+a)));")]
    [InlineData("x = c ? a : b ? d : e", "x = (c ? a : (b ? d : e));")]
    [InlineData("x = (a + b) * c", "x = ((a + b) * c);")]
    [InlineData("x = a % b / c", "x = ((a % b) / c);")]
    [InlineData("x++", "x++;")]
    [InlineData("--x", "--x;")]
    [InlineData("x = y++ + ++z", "x = ((y++) + (++z));")]
    [InlineData("s .= \"a\" \"b\"", "s .= \"ab\";")]
    [InlineData("s = a =~ \"^x\"", "s = (a =~ \"^x\");")]
    [InlineData("s = a !~ \"y\"", "s = (a !~ \"y\");")]
    [InlineData("a[1, \"x\"] <<< 5", "a[1, \"x\"] <<< 5;")]
    [InlineData("x += 1; x -= 1; x *= 2; x /= 2; x %= 3; x <<= 1; x >>= 1; x &= 1; x |= 1; x ^= 1",
        "x += 1;\n  x -= 1;\n  x *= 2;\n  x /= 2;\n  x %= 3;\n  x <<= 1;\n  x >>= 1;\n  x &= 1;\n  x |= 1;\n  x ^= 1;")]
    public void PrecedenceAndAssociativityFollowStap(string source, string printed)
    {
        Assert.Equal($"probe begin {{\n  {printed}\n}}\n", Print($"probe begin {{ {source} }}"));
    }

    [Fact]
    public void BinaryTreeShape()
    {
        var e = Assert.IsType<BinaryExpression>(Expr("1 + 2 * 3"));
        Assert.Equal(BinaryOperator.Add, e.Operator);
        Assert.Equal(1, Assert.IsType<NumberLiteral>(e.Left).Value);
        var right = Assert.IsType<BinaryExpression>(e.Right);
        Assert.Equal(BinaryOperator.Multiply, right.Operator);
        Assert.Equal(16, e.OperatorSpan.Start); // "probe begin { " is 14 chars, then "1 "
        Assert.Equal("t.stp:1:15", e.Span.ToString());
    }

    [Theory]
    [InlineData("0x10", 16L, "0x10")]
    [InlineData("010", 8L, "010")]
    [InlineData("9223372036854775807", long.MaxValue, "9223372036854775807")]
    [InlineData("18446744073709551615", -1L, "18446744073709551615")]
    public void NumberLiteralsKeepSpelling(string text, long value, string spelling)
    {
        var n = Assert.IsType<NumberLiteral>(Assert.IsType<AssignmentExpression>(Expr("x = " + text)).Value);
        Assert.Equal(value, n.Value);
        Assert.Equal(spelling, n.Text);
    }

    [Fact]
    public void AdjacentStringsJoin()
    {
        var s = Assert.IsType<StringLiteral>(Assert.IsType<AssignmentExpression>(Expr("x = \"a\" /* c */ \"b\"\n\"c\"")).Value);
        Assert.Equal("abc", s.Value);
    }

    [Fact]
    public void FunctionCallsAndPrintFamily()
    {
        var call = Assert.IsType<FunctionCall>(Expr("printf(\"%d %s\\n\", a, b)"));
        Assert.Equal("printf", call.Name);
        Assert.Equal(3, call.Arguments.Length);
        Assert.Equal("%d %s\n", Assert.IsType<StringLiteral>(call.Arguments[0]).Value);
        Assert.Empty(Assert.IsType<FunctionCall>(Expr("f()")).Arguments);
        Assert.Empty(Assert.IsType<FunctionCall>(Expr("println()")).Arguments);
        Assert.Equal(3, Assert.IsType<FunctionCall>(Expr("printdln(\",\", a, b)")).Arguments.Length);
    }

    [Fact]
    public void ArrayIndexingAndMembership()
    {
        var ix = Assert.IsType<IndexExpression>(Expr("a[1, k]"));
        Assert.Equal("a", Assert.IsType<Identifier>(ix.Base).Name);
        Assert.Equal(2, ix.Indexes.Length);

        var inx = Assert.IsType<InExpression>(Assert.IsType<AssignmentExpression>(Expr("x = [k, *] in a")).Value);
        Assert.Equal(2, inx.Keys.Length);
        Assert.Null(inx.Keys[1]);
        Assert.Equal("a", Assert.IsType<Identifier>(inx.Array).Name);

        var single = Assert.IsType<InExpression>(Assert.IsType<AssignmentExpression>(Expr("x = k + 1 in a")).Value);
        Assert.IsType<BinaryExpression>(Assert.Single(single.Keys));
    }

    [Fact]
    public void AggregatesAndHistograms()
    {
        Assert.Equal("x = @count(s);", Print("probe begin { x = @count(s) }").Split('\n')[1].Trim());
        var v = Assert.IsType<AggregateExpression>(Assert.IsType<AssignmentExpression>(Expr("x = @variance(s[1], 3)")).Value);
        Assert.Equal(AggregateOperator.Variance, v.Operator);
        Assert.Equal(3, Assert.IsType<NumberLiteral>(Assert.Single(v.Arguments)).Value);

        var print = Assert.IsType<FunctionCall>(Expr("print(@hist_linear(s, 0, 100, 10))"));
        var h = Assert.IsType<HistogramExpression>(Assert.Single(print.Arguments));
        Assert.Equal(HistogramKind.Linear, h.Kind);
        Assert.Equal([0L, 100L, 10L], h.Parameters.Select(p => ((NumberLiteral)p).Value));

        var bucket = Assert.IsType<AssignmentExpression>(Expr("x = @hist_log(s)[3]"));
        var ix = Assert.IsType<IndexExpression>(bucket.Value);
        Assert.Equal(HistogramKind.Log, Assert.IsType<HistogramExpression>(ix.Base).Kind);
        Assert.Equal(-5, ((NumberLiteral)Assert.IsType<HistogramExpression>(Assert.Single(
            Assert.IsType<FunctionCall>(Expr("print(@hist_linear(s, -5, 5, 1))")).Arguments)).Parameters[0]).Value);
    }

    [Fact]
    public void TargetVariables()
    {
        var tv = Assert.IsType<TargetVariable>(Expr("$var->a->b[2]"));
        Assert.Equal("var", tv.Name);
        Assert.Equal(3, tv.Components.Length);
        Assert.Equal("a", Assert.IsType<MemberComponent>(tv.Components[0]).Name);
        Assert.Equal(2, Assert.IsType<NumberLiteral>(Assert.IsType<IndexComponent>(tv.Components[2]).Index).Value);
        Assert.False(tv.AddressOf);
        Assert.Equal(0, tv.PrettyPrint);

        Assert.Equal(1, Assert.IsType<TargetVariable>(Expr("$var$")).PrettyPrint);
        Assert.Equal("var", Assert.IsType<TargetVariable>(Expr("$var$$")).Name);
        Assert.Equal(2, Assert.IsType<TargetVariable>(Expr("$var$$")).PrettyPrint);
        Assert.Equal(1, Assert.IsType<TargetVariable>(Expr("$var->a$")).PrettyPrint);
        Assert.Equal(2, Assert.IsType<TargetVariable>(Expr("$var[1] $$")).PrettyPrint);
        Assert.Equal("$vars", Assert.IsType<TargetVariable>(Expr("$$vars")).Name);
        Assert.Equal("$parms", Assert.IsType<TargetVariable>(Expr("$$parms$")).Name);
        Assert.Equal("$return", Assert.IsType<TargetVariable>(Expr("$$return")).Name);
        Assert.True(Assert.IsType<TargetVariable>(Expr("&$var->a")).AddressOf);
    }

    [Fact]
    public void CastVarAndAutocast()
    {
        var c = Assert.IsType<CastExpression>(Expr("@cast(p, \"task_struct\", \"kernel\")->pid"));
        Assert.Equal("task_struct", c.TypeName);
        Assert.Equal("kernel", c.Module);
        Assert.Equal("pid", Assert.IsType<MemberComponent>(Assert.Single(c.Components)).Name);
        Assert.Null(Assert.IsType<CastExpression>(Expr("@cast(p, \"t\")")).Module);

        var v = Assert.IsType<AtVarExpression>(Expr("&@var(\"x@f.c\")->y"));
        Assert.Equal("x@f.c", v.Name);
        Assert.True(v.AddressOf);

        var a = Assert.IsType<AutocastExpression>(Expr("task_current()->pid"));
        Assert.Equal("task_current", Assert.IsType<FunctionCall>(a.Operand).Name);
        Assert.IsType<AutocastExpression>(Expr("a[1][2]"));
        Assert.True(Assert.IsType<AutocastExpression>(Expr("&f()->x")).AddressOf);
    }

    [Fact]
    public void AtOperators()
    {
        Assert.IsType<Identifier>(Assert.IsType<DefinedExpression>(Expr("@defined(x)")).Operand);
        Assert.IsType<TargetVariable>(Assert.IsType<EntryExpression>(Expr("@entry($x)")).Operand);
        Assert.Equal("cycles", Assert.IsType<PerfExpression>(Expr("@perf(\"cycles\")")).Name);
        Assert.Equal("EINVAL", Assert.IsType<ConstExpression>(Expr("@const(\"EINVAL\")")).Name);
        Assert.Equal("x", Assert.IsType<ProbeWriteExpression>(Expr("@probewrite(x)")).Variable.Name);
        var r = Assert.IsType<RegisterExpression>(Expr("@uregister(3)"));
        Assert.True(r.User);
        Assert.False(Assert.IsType<RegisterExpression>(Expr("@kregister(0)")).User);
        var d = Assert.IsType<DerefExpression>(Expr("@kderef(4, p)"));
        Assert.Equal(4, d.Size.Value);
        Assert.Equal(" 42 ", Assert.IsType<EmbeddedExpression>(Assert.IsType<AssignmentExpression>(Expr("x = %{ 42 %}")).Value).Code);
    }
}
