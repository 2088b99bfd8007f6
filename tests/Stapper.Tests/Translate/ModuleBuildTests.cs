using System.Collections.Immutable;
using Stapper.Elaborate;
using Stapper.Parse;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>Programs that pass 3 translates and kbuild compiles against the installed headers, warning-free.</summary>
public class ModuleBuildTests
{
    internal static ScriptFunction Embedded(B b, string name, StapType ret, string code, params LocalVariable[] parameters) =>
        new(name, ret, [.. parameters], [], null, new EmbeddedFunctionBody(code, EmbeddedPragmas.None), true, b.S);

    internal static ScriptFunction Exit(B b) => Embedded(b, "exit", StapType.Void, "stp_exit();");

    internal static BoundCall Call(B b, ScriptFunction f, params BoundExpression[] args) =>
        new(f, [.. args], b.S) { Token = $"identifier '{f.Name}'" };

    /// <summary>probe begin { printf("hello %s %d\n", "world", 42); println(1 + 2); exit() }</summary>
    internal static ElaboratedProgram Hello(B b)
    {
        var exit = Exit(b);
        var body = b.Block(
            b.X(b.Printf("hello %s %d\n", b.Str("world"), b.N(42))),
            b.X(b.Println(b.Bin(BinaryOperator.Add, b.N(1), b.N(2)))),
            b.X(Call(b, exit)));
        return B.Program([], [exit], b.Probe(0, b.Begin(), body));
    }

    /// <summary>
    /// global count, names[100], s
    /// function fact(n) { if (n <= 1) return 1; return n * fact(n - 1) }
    /// probe begin { for (i = 0; i &lt; 10; i++) { names[i, "k" . sprint(i)] = i * i; count += i }
    ///   foreach ([k, n] in names- limit 3) printf("%d %s %d\n", k, n, names[k, n]);
    ///   s = "x" . sprint(fact(5)); println(s, " ", count, " ", [1, "k1"] in names) ; delete names[1, "k1"]
    ///   println([1, "k1"] in names); exit() }
    /// probe end { println("end ", count) }
    /// </summary>
    internal static ElaboratedProgram Maps(B b)
    {
        var exit = Exit(b);
        var count = b.Global("count");
        var names = b.Global("names", StapType.Long, [StapType.Long, StapType.String], 100);
        var s = b.Global("s", StapType.String);
        var n = b.Local("n");
        var factLocals = ImmutableArray<LocalVariable>.Empty;
        ScriptFunction? fact = null;
        // recursive function: build with a placeholder then patch the call
        var factBodyFactory = (ScriptFunction self) => b.Block(
            new BoundIf(b.Bin(BinaryOperator.LessEqual, b.L(n), b.N(1)), new BoundReturn(b.N(1), b.S), null, b.S),
            new BoundReturn(b.Bin(BinaryOperator.Multiply, b.L(n), Call(b, self, b.Bin(BinaryOperator.Subtract, b.L(n), b.N(1)))), b.S));
        fact = new ScriptFunction("fact", StapType.Long, [n], factLocals, null, null, false, b.S);
        var self = fact;
        fact = fact with { Body = b.Block() };
        // a record cannot reference itself before construction: the call binds the placeholder by name, fine for C
        fact = fact with { Body = factBodyFactory(self) };
        var i = b.Local("i");
        var k = b.Local("k");
        var nm = b.Local("nm", StapType.String);
        var sprint = (BoundExpression e) => new BoundPrint(PrintKind.Sprint, [], null, [e], StapType.String, b.S);
        var body = b.Block(
            new BoundFor(b.Set(b.L(i), b.N(0)), b.Bin(BinaryOperator.Less, b.L(i), b.N(10)), new BoundIncrement(b.L(i), true, false, b.S),
                b.Block(
                    b.X(b.Set(b.E(names, b.L(i), b.Bin(BinaryOperator.Concatenate, b.Str("k"), sprint(b.L(i)))), b.Bin(BinaryOperator.Multiply, b.L(i), b.L(i)))),
                    b.X(b.Set(b.G(count), b.L(i), AssignmentOperator.AddAssign))), b.S),
            new BoundForeach(names, [k, nm], null, [], SortDirection.Descending, 1, AggregateOperator.Count, b.N(3),
                b.Block(b.X(b.Printf("%d %s %d\n", b.L(k), b.L(nm), b.E(names, b.L(k), b.L(nm))))), b.S),
            b.X(b.Set(b.G(s), b.Bin(BinaryOperator.Concatenate, b.Str("x"), sprint(Call(b, fact, b.N(5)))))),
            b.X(b.Println(b.G(s), b.Str(" "), b.G(count), b.Str(" "), new BoundIn(names, [b.N(1), b.Str("k1")], b.S))),
            new BoundDeleteElement(names, [b.N(1), b.Str("k1")], b.S),
            b.X(b.Println(new BoundIn(names, [b.N(1), b.Str("k1")], b.S))),
            b.X(Call(b, exit)));
        var end = b.Block(b.X(b.Println(b.Str("end "), b.G(count))));
        return B.Program([count, names, s], [fact, exit], b.Probe(0, b.Begin(), body, i, k, nm), b.Probe(1, b.End(), end));
    }

    /// <summary>probe begin { x = 1; println("before"); y = x / 0; println("not reached") } probe end { println("end") } probe error { println("error probe") }</summary>
    internal static ElaboratedProgram DivideByZero(B b)
    {
        var x = b.Local("x");
        var y = b.Local("y");
        var body = b.Block(
            b.X(b.Set(b.L(x), b.N(1))),
            b.X(b.Println(b.Str("before"))),
            b.X(b.Set(b.L(y), b.Bin(BinaryOperator.Divide, b.L(x), b.N(0), "operator '/'", "/"))),
            b.X(b.Println(b.Str("not reached"))));
        return B.Program([], [],
            b.Probe(0, b.Begin(), body, x, y),
            b.Probe(1, b.End(), b.Block(b.X(b.Println(b.Str("end"))))),
            b.Probe(2, b.ErrorProbe(), b.Block(b.X(b.Println(b.Str("error probe"))))));
    }

    [Fact]
    public void HelloTranslates()
    {
        var b = new B("probe begin { printf(\"hello %s %d\\n\", \"world\", 42) }\n");
        var source = Harness.Translate(Hello(b));
        var c = source.Files[TranslatePass.SourceFileName];
        Assert.Contains("stp_format_string(&c->print, _a", c);
        Assert.Contains("stp_site_0_run();", c);
        Assert.Contains("obj-m := stap_test.o", source.Files["Makefile"]);
    }

    [Fact]
    public void DivisionRaisesStapError()
    {
        var b = new B("probe begin { x = 1; y = x / 0 }\n");
        var c = Harness.Translate(DivideByZero(b)).Files[TranslatePass.SourceFileName];
        Assert.Contains("stp_raise(c, \"division by 0\", \"operator '/' at t.stp:1:28\"); goto out;", c);
    }

    [SkippableKernelFact]
    public void HelloBuilds()
    {
        var b = new B("probe begin { printf(\"hello %s %d\\n\", \"world\", 42) }\n");
        Harness.BuildClean(Harness.Translate(Hello(b), "stap_hello"));
    }

    [SkippableKernelFact]
    public void MapsBuild()
    {
        var b = new B("global count, names[100], s\nprobe begin { }\n");
        Harness.BuildClean(Harness.Translate(Maps(b), "stap_maps"));
    }

    [SkippableKernelFact]
    public void DivideByZeroBuilds()
    {
        var b = new B("probe begin { x = 1; y = x / 0 }\n");
        Harness.BuildClean(Harness.Translate(DivideByZero(b), "stap_div0"));
    }
}

/// <summary>A fact that needs the kernel build tree; skipped, saying why, without one.</summary>
public sealed class SkippableKernelFactAttribute : FactAttribute
{
    public SkippableKernelFactAttribute()
    {
        Skip = Prerequisites.KernelBuildTree;
    }
}
