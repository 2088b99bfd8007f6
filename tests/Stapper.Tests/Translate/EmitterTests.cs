using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Parse;
using Stapper.Translate;
using Stapper.Translate.Regex;

namespace Stapper.Tests.Translate;

/// <summary>The exact C written for one construct of each kind: statements, expressions, calls, prints, map access, and the fixed shape around bodies.</summary>
public class EmitterTests
{
    private const string Text = "probe begin { if (x < 3) x++; else delete x; y = x / 3; r = f(s, 2); printf(\"%5d %s\\n\", x, s); a[\"k\", x] = 5; }\n";

    private readonly B _b = new(Text);

    private static BodyEmitter Emitter() => new(new DiagnosticBag(), null, new RegexTables(false), new HashSet<GlobalVariable>(), []);

    private static string Section(string c, string from, string to)
    {
        var start = c.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{from}' not in the C");
        var end = c.IndexOf(to, start, StringComparison.Ordinal);
        Assert.True(end >= 0, $"'{to}' not after '{from}'");
        return c[start..end];
    }

    [Fact]
    public void IfElseChargesEachStatementToItsFirstToken()
    {
        var x = _b.Local("x");
        var statement = new BoundIf(
            _b.Bin(BinaryOperator.Less, _b.L(x), _b.N(3), "operator '<'", "<"),
            new BoundExpressionStatement(new BoundIncrement(_b.L(x), true, false, _b.At("x++")), _b.At("x++")) { LeadToken = "identifier 'x'" },
            new BoundDeleteScalar(_b.L(x), _b.At("delete")),
            _b.At("if"));
        var e = Emitter();
        e.Statement(statement);
        Assert.Equal(
            "\tif (unlikely(--c->actionremaining < 0)) { stp_raise(c, \"MAXACTION exceeded\", \"keyword 'if' at t.stp:1:15\"); goto out; }\n" +
            "\tif (((int64_t)((l->x) < (((int64_t)3LL))))) {\n" +
            "\t\tif (unlikely(--c->actionremaining < 0)) { stp_raise(c, \"MAXACTION exceeded\", \"identifier 'x' at t.stp:1:26\"); goto out; }\n" +
            "\t\t(void)((l->x++));\n" +
            "\t} else {\n" +
            "\t\tif (unlikely(--c->actionremaining < 0)) { stp_raise(c, \"MAXACTION exceeded\", \"keyword 'delete' at t.stp:1:36\"); goto out; }\n" +
            "\t\tl->x = 0;\n" +
            "\t}",
            e.Code);
    }

    [Fact]
    public void DivisionChecksForZeroAndRaisesAtTheOperator()
    {
        var x = _b.Local("x");
        var c = Emitter().Expr(_b.Bin(BinaryOperator.Divide, _b.L(x), _b.N(3), "operator '/'", "/"));
        Assert.Equal(
            "({ int64_t _l0, _r1; _l0 = l->x; _r1 = ((int64_t)3LL); " +
            "if (unlikely(_r1 == 0)) { stp_raise(c, \"division by 0\", \"operator '/' at t.stp:1:52\"); goto out; } " +
            "(int64_t)(stp_div(c, _l0, _r1, \"operator '/' at t.stp:1:52\")); })",
            c);
    }

    [Fact]
    public void CallCopiesArgumentsIntoTheCalleesFrameOneLevelDown()
    {
        var s = _b.Local("s", StapType.String);
        var f = new ScriptFunction("f", StapType.Long, [_b.Local("str", StapType.String), _b.Local("n")], [], null, null, false, _b.S);
        var call = new BoundCall(f, [_b.L(s), _b.N(2)], _b.At("f(")) { Token = "identifier 'f'" };
        Assert.Equal(
            "({ const char *_a1; int64_t _a2; struct stp_fl_f_2 *_f0; _a1 = l->s; _a2 = ((int64_t)2LL); " +
            "if (unlikely(c->nesting >= MAXNESTING)) { stp_raise(c, \"MAXNESTING exceeded\", \"identifier 'f' at t.stp:1:1\"); goto out; } " +
            "_f0 = &c->locals[c->nesting + 1].f_f_2; stp_strcpy(_f0->str, _a1); _f0->n = _a2; " +
            "c->last_stmt[c->nesting] = \"identifier 'f' at t.stp:1:61\"; c->last_stmt[c->nesting + 1] = NULL; " +
            "c->nesting++; stp_f_f_2(c); c->nesting--; if (unlikely(c->last_error)) goto out; _f0->__retvalue; })",
            Emitter().Expr(call));
    }

    [Fact]
    public void PrintfEvaluatesItsArgumentsThenFormatsEachPiece()
    {
        var x = _b.Local("x");
        var s = _b.Local("s", StapType.String);
        Assert.Equal(
            "({ int64_t _a1; const char *_a2; _a1 = l->x; _a2 = l->s; stp_print_reserve(c); " +
            "stp_format_long(&c->print, _a1, 0, 5, -1, 'd'); stp_buf_write(&c->print, \" \", 1); " +
            "stp_format_string(&c->print, _a2, 0, -1, -1); stp_buf_write(&c->print, \"\\n\", 1); (void)0; })",
            Emitter().Expr(_b.Printf("%5d %s\n", _b.L(x), _b.L(s))));
    }

    [Fact]
    public void ElementAssignmentAddsTheNodeOrRaisesTheArraysOverflow()
    {
        var x = _b.Local("x");
        var a = _b.Global("a", StapType.Long, [StapType.String, StapType.Long], max: 100);
        var element = new BoundArrayElement(a, [_b.Str("k"), _b.L(x)], _b.At("a[")) { Token = "identifier 'a'" };
        Assert.Equal(
            "({ struct stp_key _k2; struct stp_map_node *_n1; int64_t _v0; _k2.s[0] = \"k\"; _k2.n[1] = l->x; _v0 = ((int64_t)5LL); " +
            "_n1 = stp_map_get(&stp_g_a, &_k2); " +
            "if (unlikely(!_n1)) { stp_raise(c, \"Array overflow, check size limit (100)\", \"identifier 'a' at t.stp:1:96\"); goto out; } " +
            "(*stp_node_long(&stp_g_a, _n1)) = _v0; (*stp_node_long(&stp_g_a, _n1)); })",
            Emitter().Expr(_b.Set(element, _b.N(5))));
    }

    [Fact]
    public void MembershipOfASliceTestsTheKeysGiven()
    {
        var a = _b.Global("a", StapType.Long, [StapType.String, StapType.Long]);
        Assert.Equal(
            "({ struct stp_key _k0; _k0.s[0] = \"k\"; _k0.n[1] = 0; (int64_t)stp_map_exists_slice(&stp_g_a, &_k0, 1u); })",
            Emitter().Expr(new BoundIn(a, [_b.Str("k"), null], _b.S)));
    }

    [Fact]
    public void ProbeLocksInNameOrderAndUnwindsInReverse()
    {
        var m = _b.Global("m");
        var n = _b.Global("n");
        var probe = _b.Probe(0, _b.Begin(), _b.Block(_b.X(_b.Set(_b.G(n), _b.G(m)))));
        var c = Harness.Translate(B.Program([m, n], [], probe)).Files[TranslatePass.SourceFileName];
        Assert.Equal(
            "static int stp_lock_stp_p_0(void)\n" +
            "{\n" +
            "\tif (!stp_lock_read(&stp_gl_m)) goto unlock0;\n" +
            "\tif (!stp_lock_write(&stp_gl_n)) goto unlock1;\n" +
            "\treturn 1;\n" +
            "\tunlock1: __attribute__((unused));\n" +
            "\tread_unlock(&stp_gl_m);\n" +
            "\tunlock0: __attribute__((unused));\n" +
            "\treturn 0;\n" +
            "}\n" +
            "static void stp_unlock_stp_p_0(void)\n" +
            "{\n" +
            "\twrite_unlock(&stp_gl_n);\n" +
            "\tread_unlock(&stp_gl_m);\n" +
            "}\n",
            Section(c, "static int stp_lock_stp_p_0(void)", "static noinline notrace void stp_probe_0_args("));
    }

    [Fact]
    public void EmbeddedFunctionRunsBetweenStapsMacros()
    {
        var g = new ScriptFunction("g", StapType.String, [_b.Local("s", StapType.String)], [], null,
            new EmbeddedFunctionBody(" STAP_RETURN(STAP_ARG_s); ", EmbeddedPragmas.None), false, _b.S);
        var probe = _b.Probe(0, _b.Begin(), _b.Block());
        var c = Harness.Translate(B.Program([], [g], probe)).Files[TranslatePass.SourceFileName];
        Assert.Equal(
            "/* function g (t.stp:1:1) */\n" +
            "static void stp_f_g_1(struct stp_context *c)\n" +
            "{\n" +
            "\tstruct stp_fl_g_1 *l = &c->locals[c->nesting].f_g_1;\n" +
            "\t(void)l;\n" +
            "\t#define THIS l\n" +
            "\t#define STAP_ARG_s (l->s)\n" +
            "\t#define STAP_RETVALUE (l->__retvalue)\n" +
            "\t#define STAP_RETURN(v) do { strscpy(STAP_RETVALUE, (v), MAXSTRINGLEN); goto out; } while (0)\n" +
            "\t#define STAP_ERROR(...) do { stp_raise_fmt(c, __VA_ARGS__); goto out; } while (0)\n" +
            "\t#define STAP_PRINTF(...) do { stp_print_printf(c, __VA_ARGS__); } while (0)\n" +
            "\t#define STAP_SUPPRESS_ERROR() do { if (!c->aborted) c->last_error = NULL; } while (0)\n" +
            "\tl->__retvalue[0] = 0;\n" +
            "\t{\n" +
            " STAP_RETURN(STAP_ARG_s); \n" +
            "\t}\n" +
            "\t#undef THIS\n" +
            "\t#undef STAP_RETVALUE\n" +
            "\t#undef STAP_RETURN\n" +
            "\t#undef STAP_ERROR\n" +
            "\t#undef STAP_PRINTF\n" +
            "\t#undef STAP_SUPPRESS_ERROR\n" +
            "\t#undef STAP_ARG_s\n" +
            "\tout: __attribute__((unused));\n" +
            "\t;\n" +
            "}\n",
            Section(c, "/* function g ", "/* ---- probes ---- */").TrimEnd('\n') + "\n");
    }
}
