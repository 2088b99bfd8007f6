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
    private readonly RegisterUse _registers;

    public ModuleGenerator(ElaboratedProgram program, TranslateOptions options, DiagnosticBag diagnostics)
    {
        _program = program;
        _options = options;
        _diagnostics = diagnostics;
        // As stap: submatches are tracked only when a function that reads them (the regex tapset) is in the program.
        _regexes = new RegexTables(program.Functions.Any(f => f.Embedded is { ReadsSubmatches: true }));
        _registers = new RegisterUse(program.Calls);
        _counters = program.Counters;
    }

    private readonly RegexTables _regexes;
    private readonly IReadOnlySet<GlobalVariable> _counters;

    private IFluidTemplate Template(string relative) => LiquidTemplates.Load(Path.Combine(_options.TemplateDirectory, relative));

    /// <summary>What the generated C needs tested in the build tree; set by Generate.</summary>
    public ImmutableArray<KernelFeature> Features { get; private set; } = [];

    public string Generate()
    {
        UserProcessEmitter.CheckPerfValues(_program, _diagnostics);
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

        var access = new GlobalAccess(_program.Calls, _counters, _program.Globals);
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
            ["wall_clock"] = _program.Functions.Any(f => f.Embedded is { ReadsWallClock: true }),
            ["embedded"] = embedded.ToString(),
            ["usymbols"] = UserSymbolTables.Declarations(_program, _options, _diagnostics),
            ["module_globals"] = ModuleGlobalTable.Declarations(_program),
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
}
