using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>The globals' C: their storage and locks, the module's init code filling them and its exit code freeing them.</summary>
internal sealed partial class ModuleGenerator
{
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

    /// <summary>
    /// A scalar global is a module parameter of its own name (runtime/stp_global_param.h), so -G sets it at load;
    /// returns the guard that keeps init from overwriting a value set that way. A name the kernel defines as a macro
    /// (NULL, current) is hidden while the parameter is declared; names with a leading _ (the runtime's own
    /// parameters, the kernel's internals) are left out.
    /// </summary>
    private static string LoadParameter(GlobalVariable g, CodeWriter decl, string kind)
    {
        if (g.Name.StartsWith('_'))
        {
            return "";
        }
        var param = "stp_gp_" + CNames.Mangle(g.Name);
        decl.Line($"static struct stp_global_param {param} = {{ .value = &{CNames.Global(g)} }};");
        decl.Line($"#pragma push_macro(\"{g.Name}\")");
        decl.Line($"#undef {g.Name}");
        decl.Line($"module_param_cb({g.Name}, &stp_global_param_{kind}, &{param}, 0);");
        decl.Line($"#pragma pop_macro(\"{g.Name}\")");
        return $"if (!{param}.set) ";
    }

    /// <summary>A counter global (CounterGlobals): the base above, per-CPU copies that hits add to, a fold for reads.</summary>
    private static void CounterCopies(GlobalVariable g, CodeWriter decl, CodeWriter init, CodeWriter free)
    {
        var copies = CNames.CounterCopies(g);
        decl.Line($"static u64 __percpu *{copies};");
        decl.Open($"static __maybe_unused int64_t {CNames.CounterRead(g)}(void) {{");
        decl.Line($"u64 sum = (u64){CNames.Global(g)};");
        decl.Line("int cpu;");
        decl.Line($"for_each_possible_cpu(cpu) sum += *per_cpu_ptr({copies}, cpu);");
        decl.Line("return (int64_t)sum;");
        decl.Close();
        init.Line($"{copies} = alloc_percpu(u64);");
        init.Line($"if (!{copies}) return -ENOMEM;");
        free.Line($"free_percpu({copies});");
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
                        init.Line(LoadParameter(g, decl, "string") + (g.Initializer is BoundString s
                            ? $"strscpy({name}, {CNames.StringLiteral(s.Value)}, MAXSTRINGLEN);"
                            : $"{name}[0] = 0;"));
                        break;
                    case StapType.Stats:
                        decl.Line($"static struct stp_pstat {name};");
                        init.Line($"rc = stp_pstat_init(&{name}, &{CNames.HistDesc(g)});");
                        init.Line("if (rc) return rc;");
                        free.Line($"stp_pstat_free(&{name});");
                        break;
                    default:
                        decl.Line($"static int64_t {name};");
                        init.Line(LoadParameter(g, decl, "long") + (g.Initializer is BoundNumber n ? $"{name} = {CNames.LongLiteral(n.Value)};" : $"{name} = 0;"));
                        if (_counters.Contains(g))
                        {
                            CounterCopies(g, decl, init, free);
                        }
                        break;
                }
            }
        }
        return new GlobalsCode(decl.ToString(), init.ToString(), free.ToString());
    }
}
