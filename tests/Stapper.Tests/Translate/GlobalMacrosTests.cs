using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.Elaborate;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>
/// stap's STAP_GLOBAL_GET_VAR/STAP_GLOBAL_SET_VAR for embedded C naming a global in a pragma: the exact macros per kind
/// of global, and where pass 3 puts them (around a function's body, inside an embedded expression), with the lock and
/// the ordinary global they need.
/// </summary>
public class GlobalMacrosTests
{
    private readonly B _b = new("global n, s, a, m\n");

    private const string Where = "\"identifier 'f' at t.stp:1:10\"";

    [Fact]
    public void ScalarLong()
    {
        var n = _b.Global("n");
        var m = GlobalMacros.For("/* pragma:read:n */ /* pragma:write:n */", [n], "out", Where);
        Assert.Equal(["#define STAP_GLOBAL_GET_n() (stp_g_n)", "#define STAP_GLOBAL_SET_n(val) (stp_g_n = stp_global_long(val))"], m.Defines);
        Assert.Equal(["#undef STAP_GLOBAL_GET_n", "#undef STAP_GLOBAL_SET_n"], m.Undefs);
    }

    [Fact]
    public void ScalarStringIsCopiedAsAnAssignmentCopies()
    {
        var s = _b.Global("s", StapType.String);
        var m = GlobalMacros.For("/* pragma:write:s */ /* pragma:read:s */", [s], "out", Where);
        Assert.Equal(["#define STAP_GLOBAL_GET_s() (stp_g_s)", "#define STAP_GLOBAL_SET_s(val) stp_strcpy(stp_g_s, stp_global_string(val))"], m.Defines);
    }

    [Fact]
    public void ArrayWithLongKeysInAFunctionRaisesNearTheDeclaration()
    {
        var a = _b.Global("a", StapType.Long, [StapType.Long, StapType.Long], max: 100);
        var m = GlobalMacros.For("/* pragma:read:a */ /* pragma:write:a */", [a], "out", Where);
        Assert.Equal(
            [
                "#define STAP_GLOBAL_GET_a(k1, k2) ({ struct stp_key __stp_k; __stp_k.n[0] = stp_global_long(k1); __stp_k.n[1] = stp_global_long(k2); " +
                "stp_global_map_long(&stp_g_a, &__stp_k); })",
                "#define STAP_GLOBAL_SET_a(k1, k2, val) ({ int64_t __stp_v = stp_global_long(val); struct stp_key __stp_k; " +
                "__stp_k.n[0] = stp_global_long(k1); __stp_k.n[1] = stp_global_long(k2); " +
                "if (unlikely(stp_global_map_set_long(&stp_g_a, &__stp_k, __stp_v))) { " +
                "stp_raise(c, \"Array overflow, check size limit (100)\", \"identifier 'f' at t.stp:1:10\"); goto out; } 0; })",
            ],
            m.Defines);
        Assert.Equal(["#undef STAP_GLOBAL_GET_a", "#undef STAP_GLOBAL_SET_a"], m.Undefs);
    }

    [Fact]
    public void ArrayWithStringKeysInAnExpressionSetsOnlyTheError()
    {
        var a = _b.Global("a", StapType.String, [StapType.Long, StapType.String]);
        var m = GlobalMacros.For("/* pragma:write:a */ /* pragma:read:a */", [a], "catch3", where: null);
        Assert.Equal(
            [
                "#define STAP_GLOBAL_GET_a(k1, k2) ({ struct stp_key __stp_k; __stp_k.n[0] = stp_global_long(k1); __stp_k.s[1] = stp_global_string(k2); " +
                "stp_global_map_string(&stp_g_a, &__stp_k); })",
                "#define STAP_GLOBAL_SET_a(k1, k2, val) ({ const char *__stp_v = stp_global_string(val); struct stp_key __stp_k; " +
                "__stp_k.n[0] = stp_global_long(k1); __stp_k.s[1] = stp_global_string(k2); " +
                "if (unlikely(stp_global_map_set_string(&stp_g_a, &__stp_k, __stp_v))) { " +
                "c->last_error = \"Array overflow, check MAXMAPENTRIES\"; goto catch3; } 0; })",
            ],
            m.Defines);
    }

    [Fact]
    public void GlobalsGoInTheProgramsOrderReadsUndefinedFirst()
    {
        var n = _b.Global("n");
        var s = _b.Global("s", StapType.String);
        var other = _b.Global("m");
        var m = GlobalMacros.For("/* pragma:write:n */ /* pragma:read:s */ /* pragma:read:n */ /* pragma:read:gone */", [s, other, n], "out", Where);
        Assert.Equal(["#define STAP_GLOBAL_GET_s() (stp_g_s)", "#define STAP_GLOBAL_GET_n() (stp_g_n)", "#define STAP_GLOBAL_SET_n(val) (stp_g_n = stp_global_long(val))"], m.Defines);
        Assert.Equal(["#undef STAP_GLOBAL_GET_s", "#undef STAP_GLOBAL_GET_n", "#undef STAP_GLOBAL_SET_n"], m.Undefs);
        Assert.True(GlobalMacros.For("/* pure */ 1", [n], "out", Where).IsEmpty);
    }

    private static ElaboratedProgram Guru(string script)
    {
        var result = Elaboration.Run(script, null, o => o with { GuruMode = true });
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return result.Program!;
    }

    [Fact]
    public void AFunctionsBodyRunsBetweenTheDefinesAndTheUndefs()
    {
        var program = Guru("global n = 0\nfunction f() %{ /* pragma:read:n */ /* pragma:write:n */ STAP_GLOBAL_SET_n(STAP_GLOBAL_GET_n() + 1); %}\n" +
                           "probe timer.ms(1) { f() }\nprobe end { println(n) }\n");
        var c = Harness.Translate(program).Files[TranslatePass.SourceFileName];
        Assert.Contains(
            "\t#define STAP_SUPPRESS_ERROR() do { if (!c->aborted) c->last_error = NULL; } while (0)\n" +
            "\t#define STAP_GLOBAL_GET_n() (stp_g_n)\n" +
            "\t#define STAP_GLOBAL_SET_n(val) (stp_g_n = stp_global_long(val))\n" +
            "\t{\n" +
            " /* pragma:read:n */ /* pragma:write:n */ STAP_GLOBAL_SET_n(STAP_GLOBAL_GET_n() + 1); \n" +
            "\t}\n" +
            "\t#undef STAP_GLOBAL_GET_n\n" +
            "\t#undef STAP_GLOBAL_SET_n\n" +
            "\t#undef THIS\n",
            c);
        // the timer probe reaches n only through f's C: it takes the write lock, and n stays one locked global
        Assert.Contains("if (!stp_lock_write(&stp_gl_n)) goto unlock0;", c);
        Assert.Empty(program.Counters);
    }

    [Fact]
    public void AnEmbeddedExpressionHasTheMacrosOnLinesOfItsOwn()
    {
        var program = Guru("global v = 3\nprobe begin { println(%{ /* pragma:read:v */ STAP_GLOBAL_GET_v() %}) }\n");
        Assert.Contains(program.Globals, g => g.Name == "v");
        var c = Harness.Translate(program).Files[TranslatePass.SourceFileName];
        Assert.Contains("\n#define STAP_GLOBAL_GET_v() (stp_g_v)\n( /* pragma:read:v */ STAP_GLOBAL_GET_v() )\n#undef STAP_GLOBAL_GET_v\n", c);
        Assert.Contains("if (!stp_lock_read(&stp_gl_v)) goto unlock0;", c);
    }

    [Fact]
    public void AGlobalOnlyAddedToIsNoCounterWhenEmbeddedCNamesIt()
    {
        var program = Guru("global n\nprobe timer.ms(1) { n++ }\nprobe end { println(%{ /* pragma:read:n */ STAP_GLOBAL_GET_n() %}) }\n");
        Assert.Empty(program.Counters);
    }
}
