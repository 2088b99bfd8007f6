using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// Pass 2's constant folding as stap's const_folder and dead_control_remover do it (expected forms checked against
/// stap 4.8 -p2 -v), and what follows from it: elided probes, types inferred only from what survives, errors in code
/// folded away (a type mismatch still counts, an unresolved target does not), -u.
/// </summary>
public sealed class ConstantFoldingTests
{
    private const string ImpureF = "function f() { println(\"hi\"); return 0 }\n";

    /// <summary>The statements of the last probe as -p2 prints them, one per line, indentation and braces dropped.</summary>
    private static List<string> Statements(string script, IKernelSymbols? kernel = null)
    {
        var text = ProgramPrinter.Print(Program(script, kernel), verbose: true);
        var probe = text[text.LastIndexOf("\n{\n", StringComparison.Ordinal)..];
        return [.. probe.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l is not ("{" or "}"))];
    }

    private static ElaboratedProgram Program(string script, IKernelSymbols? kernel = null)
    {
        var result = Elaboration.Run(script, kernel);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return result.Program!;
    }

    private static string Diagnostics(string script, bool unoptimized = false, IKernelSymbols? kernel = null)
    {
        var context = new PreprocessorContext("6.1.0-test-amd64", "x86_64", false, [], _ => null);
        var parse = new ParsePass().Run(new ParseInput(new SourceFile("t.stp", script), [], context));
        var result = new ElaboratePass().Run(parse, new ElaborateOptions(false, [], new Lazy<IKernelSymbols?>(kernel)) { Unoptimized = unoptimized });
        return string.Concat(result.Diagnostics.Select(new DiagnosticRenderer().Render));
    }

    [Fact]
    public void ArithmeticOnLiteralsFoldsWithWrapAndClampedShifts()
    {
        Assert.Equal(["print(7, 3, -1, 1, -9223372036854775808, 0, -9223372036854775808, 1, -1)"],
            Statements("probe begin { print(1+2*3, 7/2, -7%3, 1<<70, -9223372036854775808 / -1, -9223372036854775808 % -1, 9223372036854775807+1, 1 >> -1, 1 - 3 >> 1) }"));
    }

    [Fact]
    public void DivisionByZeroIsLeftForTheRuntime()
    {
        Assert.Equal(["print((1) / (0), (1) % (0))"], Statements("probe begin { print(1/0, 1%0) }"));
    }

    [Fact]
    public void UnaryOperatorsOnLiteralsFold()
    {
        Assert.Equal(["print(-3, 4, 1, 0, -1)"], Statements("probe begin { print(-(3), +4, !0, !7, ~0) }"));
    }

    [Fact]
    public void IdentitiesLeaveTheOtherOperand()
    {
        Assert.Equal(["(x) = (5)", "print(x, x, x, x, x, x, x, x, x, x, x)"],
            Statements("probe begin { x = 5; print(x+0, 0+x, x-0, x*1, 1*x, x/1, x|0, x^0, -1&x, x>>0, x<< -2) }"));
    }

    [Fact]
    public void AbsorbingOperandsFoldWhenTheOtherSideHasNoEffect()
    {
        // x is no longer read, so its assignment goes too.
        Assert.Equal(["print(0, 0, 0, 0, -1, -1, 0)"],
            Statements("probe begin { x = 5; print(x*0, 0&x, x%1, x%-1, x|-1, -1>>x, 0<<x) }"));
    }

    [Fact]
    public void AbsorbingOperandsKeepACallWithEffects()
    {
        Assert.Equal(["print((f()) * (0), (0) & (f()))"], Statements(ImpureF + "probe begin { print(f()*0, 0&f()) }"));
    }

    [Fact]
    public void ALiteralThatDecidesALogicalOperatorFoldsIt()
    {
        Assert.Equal(["(x) = (1)", "print(1, 1, 0, 0, 1, 0, (0) || (x), (1) && (x))"],
            Statements("probe begin { x = 1; print(1||x, x||1, 0&&x, x&&0, 1&&1, 0||0, 0||x, 1&&x) }"));
    }

    [Fact]
    public void ALeftSideWithEffectsIsKeptUnlessTheLiteralShortCircuitsIt()
    {
        Assert.Equal(["print((f()) || (1), (f()) && (0), 1, 0)"], Statements(ImpureF + "probe begin { print(f()||1, f()&&0, 1||f(), 0&&f()) }"));
    }

    [Fact]
    public void ComparisonsOfLiteralsAndOfTheLongRangeBoundsFold()
    {
        Assert.Equal(["print(1, 1, 0, 0, 1, 1, 1, 0, 1, 0)"],
            Statements("probe begin { x = 1; print(\"abc\"==\"abc\", \"a\"!=\"b\", \"b\"<\"a\", 3>=4, \"B\"<\"a\", "
                + "x <= 9223372036854775807, -9223372036854775808 <= x, x > 9223372036854775807, x >= -9223372036854775808, x < -9223372036854775808) }"));
    }

    [Fact]
    public void ComparisonWithABoundKeepsAnOperandWithEffects()
    {
        Assert.Equal(["print((f()) < (9223372036854775807))"], Statements(ImpureF + "probe begin { print(f() < 9223372036854775807) }"));
    }

    [Fact]
    public void ConcatenationOfLiteralsFoldsAndTheEmptyStringIsAnIdentity()
    {
        Assert.Equal(["(s) = (\"z\")", "print(\"ab\", s, s)"], Statements("probe begin { s = \"z\"; print(\"a\" . \"b\", s . \"\", \"\" . s) }"));
    }

    [Fact]
    public void ATernaryWithALiteralConditionIsItsBranch()
    {
        Assert.Equal(["print(2, \"b\")"], Statements("probe begin { print(1 ? 2 : 3, (1 ? 0 : 1) ? \"a\" : \"b\") }"));
    }

    [Fact]
    public void AnIfWithALiteralConditionIsItsBranch()
    {
        Assert.Equal(["print(1)", "print(4)"], Statements("probe begin { if (1) print(1) else print(2); if (0) print(3) else print(4); if (0) print(5) }"));
    }

    [Fact]
    public void LoopsThatNeverRunGoAndAForKeepsItsInitializer()
    {
        Assert.Equal(["(i) = (0)", "print(i)"], Statements("probe begin { while (0) print(1); for (i = 0; 0; i++) print(i); print(i) }"));
    }

    [Fact]
    public void AForeachLimitedToZeroGoes()
    {
        Assert.Equal(["(a[1]) = (1)", "print(a[1])"], Statements("global a\nprobe begin { a[1] = 1; foreach (k in a limit 0) print(k); print(a[1]) }"));
    }

    [Fact]
    public void WhatFollowsNextReturnBreakOrContinueInItsBlockGoes()
    {
        Assert.Equal(["print(1)", "next"], Statements("probe begin { print(1); next; print(2) }"));
        var function = Program("function g() { return 1; print(2) }\nprobe begin { print(g()) }").Functions.Single(f => f.Name == "g");
        Assert.Single(function.Body!.Statements);
        var loop = Statements("probe begin { for (i = 0; i < 3; i++) { print(i); break; print(9) } }");
        Assert.DoesNotContain("print(9)", loop);
    }

    [Fact]
    public void AProbeLeftEmptyIsElidedAsInSemkoProbeElision()
    {
        // systemtap testsuite/semko/probe_elision.stp: stap 4.8 -p2 fails with exactly this.
        Assert.Equal("""
            WARNING: Probe 'begin' has been elided: keyword at t.stp:3:1
             source: probe begin 
                     ^
            WARNING: Probe 'end' has been elided: keyword at :8:1
             source: probe end {}
                     ^
            semantic error: no probes found


            """, Diagnostics("#! stap -p2\n\nprobe begin \n{\n    if (@defined($foo)) { print(\"should not print\") }\t\n}\n\nprobe end {}\n"));
    }

    [Fact]
    public void UnoptimizedKeepsEveryProbeAndStillFolds()
    {
        // semok/probe_elision.stp runs with -u: stap keeps both probes, the begin body folded to an empty statement.
        Assert.Equal("", Diagnostics("probe begin\n{\n    if (@defined($foo)) { print(\"should not print\") }\n}\n\nprobe end {}\n", unoptimized: true));
        Assert.Equal("", Diagnostics("probe begin { x = 1; y = x; 3; print(0 ? 2 : 5) }", unoptimized: true));
    }

    [Fact]
    public void ATypeMismatchInCodeFoldedAwayIsStillAnError()
    {
        Assert.Contains("semantic error: type mismatch (long): identifier 'x' at t.stp:1:34",
            Diagnostics("probe begin { if (0) { x = \"a\" } x = 1; print(x) }"));
        Assert.Contains("semantic error: type mismatch (string): identifier 'x' at :1:29",
            Diagnostics("probe begin { x = 1; y = x; x = \"a\" }"));
    }

    [Fact]
    public void CodeFoldedAwayGivesNoTypesAndNoLocals()
    {
        var program = Program("probe begin { if (0) { y = \"a\"; print(y) } if (0) { print(z) } x = 1; print(x) }");
        Assert.Equal(["x"], program.Probes.Single().Locals.Select(l => l.Name));
    }

    [Fact]
    public void ATargetGuardedByDefinedIsNoErrorWhereItCannotResolve()
    {
        Assert.Equal(["print(1)"], Statements("probe begin { if (@defined($foo)) print($foo); print(@defined($foo) ? $foo : 1) }"));
    }

    [Fact]
    public void AnUnusedReadOfAnUnresolvedTargetIsElidedWithoutError()
    {
        Assert.DoesNotContain("error", Diagnostics("probe timer.s(1) { x = $foo; print(1) }"), StringComparison.Ordinal);
        Assert.Contains("unresolved target-symbol expression", Diagnostics("probe timer.s(1) { x = $foo; print(x) }"), StringComparison.Ordinal);
    }

    [Fact]
    public void AResolutionErrorStopsPassTwoBeforeTypesAreChecked()
    {
        var errors = Diagnostics("probe begin { x = 1; x = \"a\"; print(x); nosuch() }");
        Assert.StartsWith("semantic error: unresolved function nosuch", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("type mismatch", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AKernelFunctionProbeFoldsBeforeItsSymbolsResolve()
    {
        var kernel = new FakeKernel("vfs_read");
        Assert.Equal(["print(1)"], Statements("probe kernel.function(\"vfs_read\") { if (0) { nosuchfn() } print(1) }", kernel));
        Assert.Contains("unresolved function nosuchfn", Diagnostics("probe begin { if (0) { nosuchfn() } print(1) }"), StringComparison.Ordinal);
    }
}
