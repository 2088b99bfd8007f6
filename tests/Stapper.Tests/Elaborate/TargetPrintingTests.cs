using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// How -p2 writes target values, built here by hand so that every step is covered without a kernel: the function
/// stap's dwarf expansion would synthesize (name, parameters, location) and the call in its place (the forms are
/// stap 4.8's; OracleP2Tests compares whole programs with stap's output).
/// </summary>
public sealed class TargetPrintingTests
{
    private static readonly SourceFile File = new("dir/my-script.stp", "probe begin { }");
    private static readonly SourceSpan Span = new(File, 0, 5);

    private static BoundTargetValue Target(string name, ImmutableArray<string?> parameters, params TargetStep[] steps) =>
        new([.. steps], Span) { Origin = new TargetOrigin(false, name, parameters) };

    private static string Print(ProbeSite site, params BoundExpression[] values)
    {
        var body = new BoundBlock([new BoundExpressionStatement(new BoundPrint(PrintKind.Print, [], null, [.. values], StapType.Void, Span), Span)], Span);
        var program = new ElaboratedProgram([], [], [new Probe(0, [site], body, [], Span)], [], [], false);
        return ProgramPrinter.Print(program, verbose: true);
    }

    private static string Print(params BoundExpression[] values) => Print(new BeginSite(0, "begin", false, Span), values);

    [Fact]
    public void ARegisterParameterIsACallOfAFunctionNamedAfterTheFileAndVariable()
    {
        Assert.Equal("""
            # functions
            __private_dir_my_script_stp__dwarf_tvar_get_count_0:long ()
            {
              return @kregister(1)
            }
            # probes
            begin /* <- begin */
            {
              print(__private_dir_my_script_stp__dwarf_tvar_get_count_0())
            }

            """, Print(Target("count", [], new LoadParameter(2, false))));
    }

    [Fact]
    public void EachStepIsOneOfStapsLocationOperations()
    {
        var text = Print(
            Target("file", [], new LoadParameter(0, false), new AddOffset(16), new AddOffset(8), new Fetch(8, false)),
            Target("a", [], new LoadParameter(3, false), new Narrow(4, true)),
            Target("b", [], new LoadParameter(4, false), new Narrow(2, false)),
            Target("c", [], new LoadParameter(5, false), new FetchBits(1, 3, 4, false)),
            Target("d", [], new LoadParameter(1, false), new FetchBits(4, 0, 5, true)),
            Target("e", [], new LoadReturnValue()));
        Assert.Contains("return @kderef(8, ((@kregister(5)) + (16)) + (8))\n", text);
        Assert.Contains("return ((@kregister(2)) << (32)) >> (32)\n", text);
        Assert.Contains("return (@kregister(8)) & (65535)\n", text);
        Assert.Contains("return ((@kderef(1, @kregister(9))) >> (3)) & (15)\n", text);
        Assert.Contains("return ((@kderef(4, @kregister(4))) << (59)) >> (59)\n", text);
        Assert.Contains("return @kregister(0)\n", text);
    }

    [Fact]
    public void AComputedIndexIsAParameterAndALiteralOneIsAnOffset()
    {
        var i = new BoundLocal(new LocalVariable("i", StapType.Long, Span), Span);
        var text = Print(
            Target("pos", [null], new LoadParameter(3, false), new AddIndex(new BoundNumber(2, Span), 8), new Fetch(8, false)),
            Target("pos", ["index0"], new LoadParameter(3, false), new AddIndex(i, 8), new Fetch(8, false)),
            Target("buf", ["index1"], new LoadParameter(3, false), new AddIndex(i, 1), new Fetch(1, false)));
        Assert.Contains("_dwarf_tvar_get_pos_0:long ()\n{\n  return @kderef(8, (@kregister(2)) + (16))\n", text);
        Assert.Contains("_dwarf_tvar_get_pos_1:long (index0:long)\n{\n  return @kderef(8, (@kregister(2)) + ((index0) * (8)))\n", text);
        Assert.Contains("_dwarf_tvar_get_buf_2:long (index1:long)\n{\n  return @kderef(1, (@kregister(2)) + (index1))\n", text);
        Assert.Contains("_get_pos_0(), __private_dir_my_script_stp__dwarf_tvar_get_pos_1(i), __private_dir_my_script_stp__dwarf_tvar_get_buf_2(i))", text);
    }

    [Fact]
    public void ACastTakesItsPointerAndIsNumberedApart()
    {
        var cast = new BoundTargetValue([new LoadValue(new BoundNumber(0, Span)), new AddOffset(4), new Fetch(4, true)], Span)
        {
            Origin = new TargetOrigin(true, "cast", ["pointer"]),
        };
        var text = Print(Target("x", [], new LoadParameter(0, false)), cast);
        Assert.Contains("__private_dir_my_script_stp__dwarf_cast_get_cast_0:long (pointer:long)\n{\n  return @kderef(4, (pointer) + (4))\n", text);
        Assert.Contains("print(__private_dir_my_script_stp__dwarf_tvar_get_x_0(), __private_dir_my_script_stp__dwarf_cast_get_cast_0(0))", text);
    }

    [Fact]
    public void FunctionsThatPrintAlikeMergeIntoTheFirstByName()
    {
        var values = Enumerable.Range(0, 11).Select(_ => Target("n", [], new LoadParameter(0, false))).ToArray<BoundExpression>();
        var text = Print(values);
        // "n_10" sorts before "n_2": stap keeps the first in its (string-ordered) function table.
        Assert.Contains("__private_dir_my_script_stp__dwarf_tvar_get_n_0:long ()", text);
        Assert.DoesNotContain("get_n_1:", text);
        Assert.Equal(11, text.Split("get_n_0()").Length - 1);
    }

    [Fact]
    public void AReturnProbeReadsEntryCapturesBackAndShowsTheCallProbeThatStoresThem()
    {
        var site = new KernelFunctionSite("vfs_read", null, true, 0, "kernel.function(\"vfs_read\").return", false, Span);
        var parms = new BoundPrint(PrintKind.Sprintf, FormatString.Parse("file=%#x")!.Value, null,
            [new BoundTargetValue([new LoadParameter(0, true)], Span) { Origin = new TargetOrigin(false, "file", [], "$parms") }], StapType.String, Span);
        var text = Print(site, Target("count", [], new LoadParameter(2, true)), parms, Target("return", [], new LoadReturnValue()));
        Assert.Contains("""
            kernel.function("vfs_read").call /* <- kernel.function("vfs_read").return */
            {
              _set_kretprobe_long(0, __private_dir_my_script_stp__dwarf_tvar_get_count_0())
              _set_kretprobe_string(0, sprintf("file=%#x", __private_dir_my_script_stp__dwarf_tvar_get_file_1()))
            }
            kernel.function("vfs_read").return /* <- kernel.function("vfs_read").return */
            {
              print(_get_kretprobe_long(0), _get_kretprobe_string(0), __private_dir_my_script_stp__dwarf_tvar_get_return_2())
            }
            """, text);
    }
}
