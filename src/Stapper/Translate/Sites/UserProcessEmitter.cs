using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// User-space sites on uprobes (templates/probes/uprobe.liquid, runtime/stp_uprobe.h): a function's entry on the
/// consumer's handler, its return on the ret_handler (a uretprobe). Which uprobe_register the kernel has is probed
/// from the build tree.
/// </summary>
internal sealed class UserProcessEmitter : ISiteEmitter
{
    public IReadOnlyList<Type> Sites { get; } = [typeof(UserFunctionSite)];

    public IReadOnlyList<string> Templates { get; } = ["uprobe"];

    public IReadOnlyList<KernelFeature> Features { get; } =
    [
        new("STAPCONF_UPROBE_UNREGISTER_NOSYNC", "linux/uprobes.h", "uprobe_unregister_nosync("),
        new("STAPCONF_UPROBE_REGISTER_REFCTR", "linux/uprobes.h", "uprobe_register_refctr("),
    ];

    public SiteCode? Emit(ProbeSite site, SiteProbe probe) => site switch
    {
        UserFunctionSite f => Uprobe(f.Path, f.FileOffset, 0, f.Return),
        _ => null,
    };

    private static SiteCode Uprobe(string path, ulong offset, ulong refCounter, bool isReturn) => new("uprobe", new Dictionary<string, object?>
    {
        ["path"] = CNames.StringLiteral(path),
        ["offset"] = "0x" + offset.ToString("x", CultureInfo.InvariantCulture),
        ["ref_ctr_offset"] = "0x" + refCounter.ToString("x", CultureInfo.InvariantCulture),
        ["return"] = isReturn,
    });
}
