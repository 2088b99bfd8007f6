namespace Stapper.Tests.Elaborate;

/// <summary>stap elides each derived probe left empty on its own: one probe statement may keep some and lose others.</summary>
public sealed class ProbeElisionTests
{
    private static readonly (string, string) Tapset = ("context.stp", "function pid:long() %{ /* pure */ STAP_RETVALUE = current->tgid; %}\n");

    [Fact]
    public void ADerivedProbeLeftEmptyGoesAndItsSiblingWithANextStays()
    {
        // stap 4.8 -p2: "Probe 'end' has been elided" and begin kept (from a's conditional next).
        var result = Elaboration.Run("probe a = begin { if (pid() == 1) next }\nprobe b = end { x = 1 }\nprobe a, b { }", Tapset);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        Assert.Contains(result.Diagnostics, d => d.Message == "Probe 'end' has been elided");
        Assert.Equal(["begin"], result.Program!.Probes.SelectMany(p => p.Sites).Select(s => s.Name));
    }

    [Fact]
    public void WhenEveryDerivedProbeIsEmptyThereAreNoProbes()
    {
        var result = Elaboration.Run("probe a = begin { x = 1 }\nprobe b = end { }\nprobe a, b { }", Tapset);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message == "no probes found");
    }
}
