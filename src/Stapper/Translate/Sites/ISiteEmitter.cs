using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>
/// Pass 3's half of a probe family (see ProbeFamilies): for each of its site records, the template under
/// templates/probes/ that defines and registers it and the model that fills the template in, plus the
/// kernel API tests (stp_autoconf.h) its templates' C depends on.
/// </summary>
internal interface ISiteEmitter
{
    /// <summary>The site records it emits: its provider's.</summary>
    IReadOnlyList<Type> Sites { get; }

    /// <summary>Every template it may name, without the directory and extension ("kprobe").</summary>
    IReadOnlyList<string> Templates { get; }

    /// <summary>Kernel features its templates need, tested in pass 4 when a module has one of its sites.</summary>
    IReadOnlyList<KernelFeature> Features { get; }

    /// <summary>The site's C, or null for a site that has none (never).</summary>
    SiteCode? Emit(ProbeSite site, SiteProbe probe);
}

/// <summary>The probe a site runs: its bound body, and whether embedded C it reaches reads pt_regs (pragma:regs).</summary>
internal sealed record SiteProbe(Probe Probe, bool ReadsRegisters);

/// <summary>
/// One site's C: Template filled in with Model. Every template also gets <c>site</c> (its number, as in
/// stp_site_N), <c>runner</c> (the probe's C runner), <c>pp</c> (its name as a C string) and <c>optional</c>.
/// Role says how the session starts it; begin, end and error sites run in Sequence order.
/// </summary>
internal sealed record SiteCode(string Template, IReadOnlyDictionary<string, object?> Model, SessionRole Role = SessionRole.Registered, long Sequence = 0)
{
    /// <summary>Sites of this kind register in reverse script order, so that probes sharing an address run in stap 4.8's
    /// order: the kernel runs kprobes and ftrace_ops newest first, and stap runs a function's entries in script order and
    /// its returns in reverse (case probes/same_point_order).</summary>
    public bool RegistersInReverse { get; init; }
}

/// <summary>
/// Registered: stp_register_probes registers it at start (stp_site_N_register) and unregisters it at stop,
/// and the kernel fires it. Begin, End, Error: the session calls stp_site_N_run in that phase.
/// </summary>
internal enum SessionRole
{
    Registered,
    Begin,
    End,
    Error,
}
