using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Translate.Sites;

/// <summary>The probe sites' C and the session's (templates/session.liquid), and the kernel features they need.</summary>
internal sealed record SitesCode(ImmutableArray<string> Sites, string Session, ImmutableArray<KernelFeature> Features);

/// <summary>
/// Renders every probe site through its family's emitter and template, numbered in program order, and the
/// session that registers them (in order, some families in reverse: SiteCode.RegistersInReverse; unregistered in reverse) and runs the
/// begin, end and error lists.
/// </summary>
internal sealed class ModuleSites(ElaboratedProgram program, RegisterUse registers, Func<string, Fluid.IFluidTemplate> template, DiagnosticBag diagnostics)
{
    private static readonly Dictionary<Type, ISiteEmitter> Emitters = ProbeFamilies.All
        .SelectMany(f => f.Emitter.Sites.Select(site => (site, f.Emitter)))
        .ToDictionary(e => e.site, e => e.Emitter);

    public SitesCode Render()
    {
        var rendered = ImmutableArray.CreateBuilder<string>();
        var registered = new List<Dictionary<string, object?>>();
        var reversed = new List<Dictionary<string, object?>>();
        var runs = new List<(SessionRole Role, long Sequence, int Site)>();
        var features = new List<KernelFeature>(KernelFeature.Runtime);
        var named = new List<int>();
        var id = 0;
        foreach (var p in program.Probes)
        {
            var probe = new SiteProbe(p, registers.ReadsRegisters(p));
            foreach (var site in p.Sites)
            {
                var number = id++;
                if (!Emitters.TryGetValue(site.GetType(), out var emitter))
                {
                    diagnostics.Error("translate.unsupported-probe", "semantic error", $"probe point not supported by this translator: {site.Name}", site.Span);
                    continue;
                }
                if (emitter.Emit(site, probe) is not { } code)
                {
                    continue;
                }
                var model = new Dictionary<string, object?>(code.Model)
                {
                    ["site"] = number,
                    ["runner"] = CNames.ProbeRunner(p),
                    ["pp"] = $"STP_PP({number})",
                    ["optional"] = site.Optional,
                };
                // The site's record: its names, and under -t what the probe hit report prints (runtime/stp_timing.h).
                var derivation = site.Derivation ?? new ProbeDerivation(site.Name, p.Span, " from: " + site.Name);
                var name = $"STP_SITE_PP({number}, {CNames.StringLiteral(site.Name)}, {CNames.StringLiteral(derivation.Written)}, "
                    + $"{CNames.StringLiteral(derivation.Location.ToString())}, {CNames.StringLiteral(derivation.From)});\n";
                rendered.Add(name + TranslatePass.Render(template($"probes/{code.Template}.liquid"), model));
                named.Add(number);
                features.AddRange(emitter.Features);
                if (code.Role == SessionRole.Registered)
                {
                    (code.RegistersInReverse ? reversed : registered).Add(new() { ["site"] = number, ["optional"] = site.Optional, ["pp"] = model["pp"] });
                }
                else
                {
                    runs.Add((code.Role, code.Sequence, number));
                }
            }
        }

        // Handlers on one address run in stap's order (SiteCode.RegistersInReverse).
        reversed.Reverse();
        registered.AddRange(reversed);

        // OrderBy is stable: equal sequence numbers run in program order.
        List<int> RunList(SessionRole role) =>
            runs.Where(r => r.Role == role).OrderBy(r => r.Sequence).Select(r => r.Site).ToList();
        var session = TranslatePass.Render(template("session.liquid"), new Dictionary<string, object?>
        {
            ["registered"] = registered,
            ["begin_sites"] = RunList(SessionRole.Begin),
            ["end_sites"] = RunList(SessionRole.End),
            ["error_sites"] = RunList(SessionRole.Error),
            ["named_sites"] = named,
        });
        return new SitesCode(rendered.ToImmutable(), session, [.. features.DistinctBy(f => f.Macro)]);
    }
}
