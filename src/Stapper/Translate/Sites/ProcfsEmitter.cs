using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>procfs files (templates/probes/procfs.liquid, runtime/stp_procfs.h): each site a handler on its path's file.</summary>
internal sealed class ProcfsEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(ProcfsSite)];

    public IReadOnlyList<string> Templates { get; } = ["procfs"];

    /// <summary>The procfs file stap's input tapset reads: what stapper reads on stdin is written to it.</summary>
    public const string StdinPath = "__stdin";

    public IReadOnlyList<KernelFeature> Features { get; } = [new("STAPCONF_PDE_DATA_LOWER", "linux/proc_fs.h", "pde_data(")];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe) => site is ProcfsSite p
        ? new SiteCode("procfs", new Dictionary<string, object?>
        {
            ["path"] = CNames.StringLiteral(p.Path),
            ["write"] = p.Write ? "1" : "0",
            ["mode"] = "0" + Convert.ToString(p.Mode, 8),
            ["maxsize"] = p.MaxSize.ToString(CultureInfo.InvariantCulture),
            // input.char / input.line: the run pass relays its stdin to this file when the module says so.
            ["stdin"] = p.Write && p.Path == StdinPath ? "1" : "0",
        })
        : null;
}
