using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Fluid;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Translate.Regex;
using Stapper.Translate.Sites;

namespace Stapper.Translate;

/// <summary>
/// Pass 3: the ElaboratedProgram becomes the C of a kernel module (module.c from
/// templates/module.c.liquid, one templates/probes/FAMILY.liquid per probe site through its family's
/// emitter, templates/session.liquid) and its Kbuild file, with the kernel features the C needs.
/// </summary>
public sealed class TranslatePass
{
    public const string SourceFileName = "stp_module.c";

    private static readonly FluidParser Parser = new();

    /// <summary>Parsed templates by their text: each is parsed once per process.</summary>
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);

    public ModuleSource Run(ElaboratedProgram program, TranslateOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var generator = new ModuleGenerator(program, options, diagnostics);
        var module = generator.Generate();
        var files = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        files[SourceFileName] = module;
        files["Makefile"] = RenderMakefile(options);
        return new ModuleSource(options.ModuleName, files.ToImmutable(), options.RuntimeDirectory, diagnostics.ToImmutable(), generator.Features);
    }

    private static string RenderMakefile(TranslateOptions options)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.TemplateDirectory)) ?? ".", "Makefile.template");
        var text = File.Exists(path) ? File.ReadAllText(path) : DefaultMakefile;
        var defines = new StringBuilder();
        foreach (var (name, value) in options.Defines)
        {
            defines.Append(" -D").Append(name);
            if (value.Length > 0)
            {
                defines.Append('=').Append(value);
            }
        }
        var model = new Dictionary<string, object?>
        {
            ["module_name"] = options.ModuleName,
            ["object"] = Path.ChangeExtension(SourceFileName, ".o"),
            ["runtime_dir"] = Path.GetFullPath(options.RuntimeDirectory),
            ["defines"] = defines.ToString(),
        };
        return Render(text, model);
    }

    private const string DefaultMakefile =
        "obj-m := {{ module_name }}.o\n{{ module_name }}-y := {{ object }}\n" +
        "ccflags-y := -I$(src) -I{{ runtime_dir }}{{ defines }}\nCFLAGS_REMOVE_{{ object }} = $(CC_FLAGS_FTRACE)\n";

    internal static string Render(string template, IReadOnlyDictionary<string, object?> model)
    {
        var parsed = Parsed.GetOrAdd(template, static text => Parser.TryParse(text, out var t, out var error)
            ? t
            : throw new InvalidOperationException("template error: " + error));
        var context = new TemplateContext();
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }
        return parsed.Render(context, NullEncoder.Default);
    }
}

internal sealed class ModuleGenerator
{
    private readonly ElaboratedProgram _program;
    private readonly TranslateOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, string> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GlobalVariable> _globalsByName;
    private readonly RegisterUse _registers;

    public ModuleGenerator(ElaboratedProgram program, TranslateOptions options, DiagnosticBag diagnostics)
    {
        _program = program;
        _options = options;
        _diagnostics = diagnostics;
        _globalsByName = program.Globals.GroupBy(g => g.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // As stap: submatches are tracked only when a function that reads them (the regex tapset) is in the program.
        _regexes = new RegexTables(program.Functions.Any(f => f.Embedded is { ReadsSubmatches: true }));
        _registers = new RegisterUse(program.Functions);
    }

    private readonly RegexTables _regexes;

    /// <summary>What the generated C needs tested in the build tree; set by Generate.</summary>
    public ImmutableArray<KernelFeature> Features { get; private set; } = [];

    private string Template(string relative)
    {
        if (!_templates.TryGetValue(relative, out var text))
        {
            text = File.ReadAllText(Path.Combine(_options.TemplateDirectory, relative));
            _templates[relative] = text;
        }
        return text;
    }

    public string Generate()
    {
        var globals = Globals();
        var frames = new CodeWriter();
        var functionsCode = new StringBuilder();
        var prototypes = new StringBuilder();
        var unionMembers = new List<string>();

        foreach (var f in _program.Functions)
        {
            prototypes.Append($"static void __maybe_unused {CNames.Function(f)}(struct stp_context *c);\n");
        }

        foreach (var f in _program.Functions)
        {
            var (fields, code) = FunctionBody(f);
            frames.Open($"struct {CNames.FunctionFrame(f)} {{");
            foreach (var field in fields)
            {
                frames.Line(field);
            }
            frames.Close("};");
            unionMembers.Add($"struct {CNames.FunctionFrame(f)} {CNames.FunctionUnionMember(f)};");
            functionsCode.Append(code).Append('\n');
        }

        var access = new GlobalAccess(_program.Functions);
        var probesCode = new StringBuilder();
        foreach (var p in _program.Probes)
        {
            var (fields, code) = ProbeBody(p, access.ForProbe(p));
            frames.Open($"struct {CNames.ProbeFrame(p)} {{");
            foreach (var field in fields)
            {
                frames.Line(field);
            }
            frames.Close("};");
            unionMembers.Add($"struct {CNames.ProbeFrame(p)} {CNames.ProbeUnionMember(p)};");
            probesCode.Append(code).Append('\n');
        }
        frames.Open("union stp_locals {");
        frames.Line("char __dummy;");
        foreach (var m in unionMembers)
        {
            frames.Line(m);
        }
        frames.Close("};");

        var sites = new ModuleSites(_program, _registers, Template, _diagnostics).Render();
        Features = sites.Features;

        var embedded = new StringBuilder();
        foreach (var block in _program.EmbeddedCode)
        {
            embedded.Append($"/* {block.Span} */\n").Append(block.Code).Append('\n');
        }

        var model = new Dictionary<string, object?>
        {
            ["module_name"] = _options.ModuleName,
            ["embedded"] = embedded.ToString(),
            ["globals"] = globals.Declarations,
            ["frames"] = frames.ToString(),
            ["regex"] = _regexes.Declarations(),
            ["prototypes"] = prototypes.ToString(),
            ["functions"] = functionsCode.ToString(),
            ["probes"] = probesCode.ToString(),
            ["sites"] = sites.Sites,
            ["session"] = sites.Session,
            ["globals_init"] = globals.Init,
            ["globals_free"] = globals.Free,
            ["script_arguments"] = ScriptArguments(),
        };
        return TranslatePass.Render(Template("module.c.liquid"), model);
    }

    private string ScriptArguments()
    {
        var sb = new StringBuilder();
        sb.Append($"static const int stp_script_argc = {_program.ScriptArguments.Length};\n");
        sb.Append("static const char *const stp_script_argv[] = { ");
        foreach (var a in _program.ScriptArguments)
        {
            sb.Append(CNames.StringLiteral(a)).Append(", ");
        }
        sb.Append("NULL };\n");
        return sb.ToString();
    }

    private sealed record GlobalsCode(string Declarations, string Init, string Free);

    private static string HistDesc(GlobalVariable g)
    {
        var s = g.Stats;
        if (s?.LinearHistogram is { } lin)
        {
            return $"{{ .kind = 2, .start = {lin.Start}LL, .stop = {lin.Stop}LL, .interval = {lin.Interval}LL, .buckets = 0 }}";
        }
        if (s?.LogHistogram == true)
        {
            return "{ .kind = 1, .buckets = 0 }";
        }
        return "{ .kind = 0, .buckets = 0 }";
    }

    private GlobalsCode Globals()
    {
        var decl = new CodeWriter();
        var init = new CodeWriter { Indent = 1 };
        var free = new CodeWriter { Indent = 1 };
        foreach (var g in _program.Globals)
        {
            var name = CNames.Global(g);
            decl.Line($"/* global {g.Name} ({g.Span}) */");
            decl.Line($"static __maybe_unused DEFINE_RWLOCK({CNames.GlobalLock(g)});");
            if (g.Type == StapType.Stats)
            {
                decl.Line($"static const struct stp_hist_desc {CNames.HistDesc(g)} = {HistDesc(g)};");
            }
            if (g.IsArray)
            {
                // A stats array is per-CPU (stp_pstat.h); the others are one shared map.
                var keyTypes = string.Join(", ", g.KeyTypes.Select(k => k == StapType.String ? "STP_KEY_STRING" : "STP_KEY_LONG"));
                var keys = $"{g.KeyTypes.Length}, stp_gk_{CNames.Mangle(g.Name)}";
                var size = $"{g.MaxEntries}u, {(g.Wrap ? 1 : 0)}";
                var perCpu = g.Type == StapType.Stats;
                decl.Line($"static const u8 stp_gk_{CNames.Mangle(g.Name)}[] = {{ {keyTypes} }};");
                decl.Line($"static struct {(perCpu ? "stp_pmap" : "stp_map")} {name};");
                init.Line(perCpu
                    ? $"rc = stp_pmap_init(&{name}, {keys}, &{CNames.HistDesc(g)}, {size});"
                    : $"rc = stp_map_init(&{name}, {keys}, {(g.Type == StapType.String ? "STP_VAL_STRING" : "STP_VAL_LONG")}, NULL, {size});");
                init.Line("if (rc) return rc;");
                free.Line($"{(perCpu ? "stp_pmap_free" : "stp_map_free")}(&{name});");
            }
            else
            {
                switch (g.Type)
                {
                    case StapType.String:
                        decl.Line($"static char {name}[MAXSTRINGLEN];");
                        init.Line(g.Initializer is BoundString s
                            ? $"strscpy({name}, {CNames.StringLiteral(s.Value)}, MAXSTRINGLEN);"
                            : $"{name}[0] = 0;");
                        break;
                    case StapType.Stats:
                        decl.Line($"static struct stp_pstat {name};");
                        init.Line($"rc = stp_pstat_init(&{name}, &{CNames.HistDesc(g)});");
                        init.Line("if (rc) return rc;");
                        free.Line($"stp_pstat_free(&{name});");
                        break;
                    default:
                        decl.Line($"static int64_t {name};");
                        init.Line(g.Initializer is BoundNumber n ? $"{name} = {CNames.LongLiteral(n.Value)};" : $"{name} = 0;");
                        break;
                }
            }
        }
        return new GlobalsCode(decl.ToString(), init.ToString(), free.ToString());
    }

    private (IReadOnlyList<string> Fields, string Code) FunctionBody(ScriptFunction f)
    {
        var e = new BodyEmitter(_diagnostics, f, _globalsByName, _regexes);
        foreach (var p in f.Parameters)
        {
            e.DeclareLocal(p);
        }
        foreach (var v in f.Locals)
        {
            e.DeclareLocal(v);
        }
        switch (f.ReturnType)
        {
            case StapType.String:
                e.AddField("char __retvalue[MAXSTRINGLEN];");
                break;
            case StapType.Long:
                e.AddField("int64_t __retvalue;");
                break;
        }
        var w = e.Writer;
        w.Line($"/* function {f.Name} ({f.Span}) */");
        w.Line($"static void {CNames.Function(f)}(struct stp_context *c)");
        w.Open("{");
        w.Line($"struct {CNames.FunctionFrame(f)} *l = &c->locals[c->nesting].{CNames.FunctionUnionMember(f)};");
        w.Line("(void)l;");
        if (f.Embedded is not null)
        {
            EmbeddedFunction(f, w);
        }
        else
        {
            foreach (var v in f.Locals)
            {
                e.InitLocal(v);
            }
            w.Line(f.ReturnType switch
            {
                StapType.String => "l->__retvalue[0] = 0;",
                StapType.Long => "l->__retvalue = 0;",
                _ => "",
            });
            if (f.Body is not null)
            {
                e.Statement(f.Body);
            }
        }
        w.Line("out: __attribute__((unused));");
        w.Line(";");
        w.Close();
        return (e.Fields, e.Code);
    }

    private static void EmbeddedFunction(ScriptFunction f, CodeWriter w)
    {
        var defines = new List<string> { "THIS", "STAP_RETVALUE", "STAP_RETURN", "STAP_ERROR", "STAP_PRINTF", "STAP_SUPPRESS_ERROR" };
        w.Line("#define THIS l");
        foreach (var p in f.Parameters)
        {
            w.Line($"#define STAP_ARG_{p.Name} (l->{CNames.Local(p)})");
            defines.Add("STAP_ARG_" + p.Name);
        }
        if (f.ReturnType != StapType.Void)
        {
            w.Line("#define STAP_RETVALUE (l->__retvalue)");
        }
        w.Line(f.ReturnType == StapType.String
            ? "#define STAP_RETURN(v) do { strscpy(STAP_RETVALUE, (v), MAXSTRINGLEN); goto out; } while (0)"
            : f.ReturnType == StapType.Long
                ? "#define STAP_RETURN(v) do { STAP_RETVALUE = (int64_t)(v); goto out; } while (0)"
                : "#define STAP_RETURN() do { goto out; } while (0)");
        w.Line("#define STAP_ERROR(...) do { stp_raise_fmt(c, __VA_ARGS__); goto out; } while (0)");
        w.Line("#define STAP_PRINTF(...) do { stp_print_printf(c, __VA_ARGS__); } while (0)");
        w.Line("#define STAP_SUPPRESS_ERROR() do { c->last_error = NULL; } while (0)");
        if (f.ReturnType == StapType.String)
        {
            w.Line("l->__retvalue[0] = 0;");
        }
        else if (f.ReturnType == StapType.Long)
        {
            w.Line("l->__retvalue = 0;");
        }
        w.Line("{");
        w.Raw(f.Embedded!.Code);
        w.Raw("\n");
        w.Line("}");
        foreach (var d in defines)
        {
            w.Line($"#undef {d}");
        }
    }

    private (IReadOnlyList<string> Fields, string Code) ProbeBody(Probe p, IReadOnlyList<(GlobalVariable Global, bool Write)> locks)
    {
        var e = new BodyEmitter(_diagnostics, null, _globalsByName, _regexes);
        foreach (var v in p.Locals)
        {
            e.DeclareLocal(v);
        }
        var w = e.Writer;
        var where = p.Sites.Length > 0 ? p.Sites[0].Name : "probe";
        w.Line($"/* probe {where.Replace("*/", "* /", StringComparison.Ordinal)} ({p.Span}) */");
        w.Line($"static void {CNames.Probe(p)}(struct stp_context *c)");
        w.Open("{");
        w.Line($"struct {CNames.ProbeFrame(p)} *l = &c->locals[0].{CNames.ProbeUnionMember(p)};");
        w.Line("(void)l;");
        foreach (var v in p.Locals)
        {
            e.InitLocal(v);
        }
        e.Statement(p.Body);
        w.Line("out: __attribute__((unused));");
        w.Line(";");
        w.Close();

        // locks, taken in name order
        w.Line($"static int stp_lock_{CNames.Probe(p)}(void)");
        w.Open("{");
        for (var i = 0; i < locks.Count; i++)
        {
            var (g, write) = locks[i];
            w.Line($"if (!stp_lock_{(write ? "write" : "read")}(&{CNames.GlobalLock(g)})) goto unlock{i};");
        }
        w.Line("return 1;");
        for (var i = locks.Count - 1; i >= 0; i--)
        {
            w.Line($"unlock{i}: __attribute__((unused));");
            if (i > 0)
            {
                var (g, write) = locks[i - 1];
                w.Line($"{(write ? "write" : "read")}_unlock(&{CNames.GlobalLock(g)});");
            }
        }
        if (locks.Count > 0)
        {
            w.Line("return 0;");
        }
        w.Close();
        w.Line($"static void stp_unlock_{CNames.Probe(p)}(void)");
        w.Open("{");
        for (var i = locks.Count - 1; i >= 0; i--)
        {
            var (g, write) = locks[i];
            w.Line($"{(write ? "write" : "read")}_unlock(&{CNames.GlobalLock(g)});");
        }
        w.Close();

        // A never probe has no site to call it: it is type-checked and compiled, never run.
        // A tracepoint's handler passes its C arguments (runner_args); every other site passes pt_regs or none.
        w.Line($"static __always_inline void {CNames.ProbeRunner(p)}_args(const char *pp, int state, struct pt_regs *regs, unsigned long ip, const unsigned long *args)");
        w.Open("{");
        w.Line("unsigned long flags;");
        w.Line("struct stp_context *c;");
        w.Line("local_irq_save(flags);");
        w.Line("c = stp_enter(state, pp);");
        w.Open("if (c) {");
        w.Line("c->regs = regs;");
        w.Line("c->ip = ip;");
        w.Line("c->probe_args = args;");
        w.Open($"if (likely(stp_lock_{CNames.Probe(p)}())) {{");
        w.Line($"{CNames.Probe(p)}(c);");
        w.Line($"stp_unlock_{CNames.Probe(p)}();");
        w.Close("} else {");
        w.Indent++;
        w.Line("stp_skip();");
        w.Close();
        w.Line("stp_leave(c);");
        w.Close();
        w.Line("local_irq_restore(flags);");
        w.Close();
        w.Line($"static void __maybe_unused {CNames.ProbeRunner(p)}(const char *pp, int state, struct pt_regs *regs, unsigned long ip)");
        w.Open("{");
        w.Line($"{CNames.ProbeRunner(p)}_args(pp, state, regs, ip, NULL);");
        w.Close();
        return (e.Fields, e.Code);
    }
}
