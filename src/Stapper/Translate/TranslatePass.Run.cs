using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Fluid;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Translate.Regex;

namespace Stapper.Translate;

/// <summary>
/// Pass 3: the ElaboratedProgram becomes the C of a kernel module (module.c from
/// templates/module.c.liquid, one templates/probes/FAMILY.liquid per probe site) and its Kbuild file.
/// </summary>
public sealed class TranslatePass
{
    public const string SourceFileName = "stp_module.c";

    public ModuleSource Run(ElaboratedProgram program, TranslateOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var generator = new ModuleGenerator(program, options, diagnostics);
        var module = generator.Generate();
        var files = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        files[SourceFileName] = module;
        files["Makefile"] = RenderMakefile(options);
        return new ModuleSource(options.ModuleName, files.ToImmutable(), options.RuntimeDirectory, diagnostics.ToImmutable());
    }

    private static string RenderMakefile(TranslateOptions options)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.TemplateDirectory)) ?? ".", "Makefile.template");
        var template = File.Exists(path) ? LiquidTemplates.Load(path) : LiquidTemplates.Parse(DefaultMakefile);
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
        return Render(template, model);
    }

    private const string DefaultMakefile =
        "obj-m := {{ module_name }}.o\n{{ module_name }}-y := {{ object }}\n" +
        "ccflags-y := -I$(src) -I{{ runtime_dir }}{{ defines }}\nCFLAGS_REMOVE_{{ object }} = $(CC_FLAGS_FTRACE)\n";

    internal static string Render(string template, IReadOnlyDictionary<string, object?> model) =>
        Render(LiquidTemplates.Parse(template), model);

    internal static string Render(IFluidTemplate template, IReadOnlyDictionary<string, object?> model)
    {
        var context = new TemplateContext();
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }
        return template.Render(context, NullEncoder.Default);
    }
}

internal sealed partial class ModuleGenerator
{
    private readonly ElaboratedProgram _program;
    private readonly TranslateOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private int _siteCounter;
    private readonly RegisterUse _registers;

    public ModuleGenerator(ElaboratedProgram program, TranslateOptions options, DiagnosticBag diagnostics)
    {
        _program = program;
        _options = options;
        _diagnostics = diagnostics;
        // As stap: submatches are tracked only when a function that reads them (the regex tapset) is in the program.
        _regexes = new RegexTables(program.Functions.Any(f => f.Embedded is { ReadsSubmatches: true }));
        _registers = new RegisterUse(program.Calls);
    }

    private readonly RegexTables _regexes;

    private IFluidTemplate Template(string relative) => LiquidTemplates.Load(Path.Combine(_options.TemplateDirectory, relative));

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

        // Every body's frame is a struct, and a member of the union that c->locals holds per nesting level.
        void AddFrame(string frame, string member, IReadOnlyList<string> fields)
        {
            frames.Open($"struct {frame} {{");
            foreach (var field in fields)
            {
                frames.Line(field);
            }
            frames.Close("};");
            unionMembers.Add($"struct {frame} {member};");
        }

        foreach (var f in _program.Functions)
        {
            var (fields, code) = FunctionBody(f);
            AddFrame(CNames.FunctionFrame(f), CNames.FunctionUnionMember(f), fields);
            functionsCode.Append(code).Append('\n');
        }

        var access = new GlobalAccess(_program.Calls);
        var probesCode = new StringBuilder();
        foreach (var p in _program.Probes)
        {
            var (fields, code) = ProbeBody(p, access.ForProbe(p));
            AddFrame(CNames.ProbeFrame(p), CNames.ProbeUnionMember(p), fields);
            probesCode.Append(code).Append('\n');
        }
        frames.Open("union stp_locals {");
        frames.Line("char __dummy;");
        foreach (var m in unionMembers)
        {
            frames.Line(m);
        }
        frames.Close("};");

        var sites = Sites(out var session);

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
            ["sites"] = sites,
            ["session"] = session,
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

    /// <summary>Renders each site's family template; returns them and the session start/stop code.</summary>
    private List<string> Sites(out string session)
    {
        var rendered = new List<string>();
        var begins = new List<(long Seq, int Order, int Site)>();
        var ends = new List<(long Seq, int Order, int Site)>();
        var errors = new List<(long Seq, int Order, int Site)>();
        var registered = new List<(int Site, bool Optional, string Name)>();
        var order = 0;
        foreach (var p in _program.Probes)
        {
            foreach (var site in p.Sites)
            {
                var id = _siteCounter++;
                var model = new Dictionary<string, object?>
                {
                    ["site"] = id,
                    ["runner"] = CNames.ProbeRunner(p),
                    ["pp"] = CNames.StringLiteral(site.Name),
                    ["optional"] = site.Optional,
                };
                string? family = null;
                switch (site)
                {
                    case BeginSite b:
                        family = "begin";
                        model["state"] = "STP_SESSION_STARTING";
                        begins.Add((b.Sequence, order++, id));
                        break;
                    case EndSite en:
                        family = "begin";
                        model["state"] = "STP_SESSION_STOPPING";
                        ends.Add((en.Sequence, order++, id));
                        break;
                    case ErrorSite er:
                        family = "begin";
                        model["state"] = "STP_SESSION_ERROR";
                        errors.Add((er.Sequence, order++, id));
                        break;
                    case NeverSite:
                        break;
                    case TimerSite t:
                        family = "timer";
                        model["period_ns"] = t.PeriodNanoseconds.ToString(CultureInfo.InvariantCulture);
                        model["randomize_ns"] = t.RandomizeNanoseconds.ToString(CultureInfo.InvariantCulture);
                        break;
                    case JiffiesTimerSite j:
                        family = "jiffies";
                        model["jiffies"] = j.Jiffies.ToString(CultureInfo.InvariantCulture);
                        model["randomize"] = j.RandomizeJiffies.ToString(CultureInfo.InvariantCulture);
                        break;
                    case ProfileTimerSite:
                        family = "profile";
                        break;
                    case KernelFunctionSite k:
                        family = k.Return ? "kretprobe" : "kprobe";
                        model["symbol"] = CNames.StringLiteral(k.Symbol);
                        model["maxactive"] = k.MaxActive.ToString(CultureInfo.InvariantCulture);
                        TargetVariableSites.Describe(p, _registers, model);
                        if (k.Module is not null)
                        {
                            model["module"] = CNames.StringLiteral(k.Module);
                        }
                        break;
                    default:
                        _diagnostics.Error("translate.unsupported-probe", "semantic error", $"probe point not supported by this translator: {site.Name}", site.Span);
                        break;
                }
                if (family is null)
                {
                    continue;
                }
                rendered.Add(TranslatePass.Render(Template($"probes/{family}.liquid"), model));
                if (family != "begin")
                {
                    registered.Add((id, site.Optional, site.Name));
                }
            }
        }

        static IEnumerable<int> Sorted(List<(long Seq, int Order, int Site)> l) =>
            l.OrderBy(x => x.Seq).ThenBy(x => x.Order).Select(x => x.Site);

        var w = new CodeWriter();
        w.Line("static void stp_unregister_probes(void)");
        w.Open("{");
        foreach (var r in Enumerable.Reverse(registered))
        {
            w.Line($"stp_site_{r.Site}_unregister();");
        }
        w.Close();
        w.Line("static int stp_register_probes(void)");
        w.Open("{");
        w.Line("int rc = 0;");
        foreach (var r in registered)
        {
            w.Line($"rc = stp_site_{r.Site}_register();");
            if (r.Optional)
            {
                w.Line("rc = 0;");
            }
            else
            {
                w.Open("if (rc) {");
                w.Line($"stp_error(\"probe %s registration error [man warning::pass5] (rc %d)\", {CNames.StringLiteral(r.Name)}, rc);");
                w.Line("stp_unregister_probes();");
                w.Line("return rc;");
                w.Close();
            }
        }
        w.Line("return rc;");
        w.Close();
        w.Line("static void stp_run_begin_probes(void)");
        w.Open("{");
        foreach (var s in Sorted(begins))
        {
            w.Line($"stp_site_{s}_run();");
        }
        w.Close();
        w.Line("static void stp_run_end_probes(void)");
        w.Open("{");
        foreach (var s in Sorted(ends))
        {
            w.Line($"stp_site_{s}_run();");
        }
        w.Close();
        w.Line("static void stp_run_error_probes(void)");
        w.Open("{");
        foreach (var s in Sorted(errors))
        {
            w.Line($"stp_site_{s}_run();");
        }
        w.Close();
        session = w.ToString();
        return rendered;
    }
}
