using System.Text;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// The kernel-module globals a script reads (@var of a module, or a module function's $name): one address slot each,
/// which runtime/stp_globals.h fills from the module's kallsyms when the session starts and whenever the module loads.
/// </summary>
internal static class ModuleGlobalTable
{
    public static string Declarations(ElaboratedProgram program)
    {
        var bodies = program.Probes.Select(p => p.Body).Concat(program.Functions.Select(f => f.Body).OfType<BoundBlock>());
        var globals = bodies.SelectMany(BoundWalker.Nodes).OfType<BoundTargetValue>()
            .SelectMany(v => v.Steps.OfType<LoadGlobal>()).Where(g => g.KernelModule).Distinct().ToList();
        if (globals.Count == 0)
        {
            return "static void stp_module_globals_track(const char *module, int coming) { }\n";
        }
        var c = new StringBuilder("\n/* ---- module globals ---- */\n");
        foreach (var g in globals)
        {
            c.Append($"static struct stp_module_global {CNames.ModuleGlobal(g)} = {{ {CNames.StringLiteral(g.Module)}, "
                + $"{CNames.StringLiteral(g.Module + ":" + g.Symbol)}, 0 }};\n");
        }
        c.Append("static struct stp_module_global *const stp_module_globals[] = { ");
        c.Append(string.Concat(globals.Select(g => "&" + CNames.ModuleGlobal(g) + ", ")));
        c.Append("NULL };\n");
        c.Append("static void stp_module_globals_track(const char *module, int coming)\n{\n"
            + "\tstp_module_globals_update(stp_module_globals, module, coming);\n}\n");
        return c.ToString();
    }
}
