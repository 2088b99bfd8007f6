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
        var c = new StringBuilder();
        foreach (var g in globals)
        {
            c.Append($"static struct stp_module_global {CNames.ModuleGlobal(g)} = {{ {CNames.StringLiteral(g.Module)}, "
                + $"{CNames.StringLiteral(g.Module + ":" + g.Symbol)}, 0 }};\n");
        }
        c.Append("static struct stp_module_global *const stp_module_globals[] = { ");
        c.Append(string.Concat(globals.Select(g => "&" + CNames.ModuleGlobal(g) + ", ")));
        c.Append("NULL };\n");
        return c.ToString();
    }
}
