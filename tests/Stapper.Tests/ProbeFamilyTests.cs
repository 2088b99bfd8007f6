using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Elaborate.Providers;
using Stapper.Parse;
using Stapper.Tests.Translate;
using Stapper.Translate;
using Stapper.Translate.Sites;

namespace Stapper.Tests;

/// <summary>The probe families' registry: every site a provider makes has an emitter, every template an emitter names exists.</summary>
public class ProbeFamilyTests
{
    /// <summary>What is missing for a family to run end to end, one line per gap.</summary>
    private static List<string> Gaps(ProbeFamily family, string templateDirectory)
    {
        var gaps = new List<string>();
        var provider = family.Provider.GetType().Name;
        var emitter = family.Emitter.GetType().Name;
        foreach (var site in family.Provider.Sites.Except(family.Emitter.Sites))
        {
            gaps.Add($"{provider} makes {site.Name}, which {emitter} does not emit");
        }
        foreach (var site in family.Emitter.Sites.Except(family.Provider.Sites))
        {
            gaps.Add($"{emitter} emits {site.Name}, which {provider} does not make");
        }
        if (family.Emitter.Templates.Count == 0)
        {
            gaps.Add($"{emitter} names no template");
        }
        foreach (var template in family.Emitter.Templates)
        {
            var path = Path.Combine(templateDirectory, "probes", template + ".liquid");
            if (!File.Exists(path))
            {
                gaps.Add($"{emitter}: no template probes/{template}.liquid");
                continue;
            }
            try
            {
                TranslatePass.Render(File.ReadAllText(path), new Dictionary<string, object?>());
            }
            catch (InvalidOperationException e)
            {
                gaps.Add($"{emitter}: probes/{template}.liquid: {e.Message}");
            }
        }
        return gaps;
    }

    private static string Templates => Path.Combine(Harness.RepoRoot, "templates");

    [Fact]
    public void EveryRegisteredFamilyHasAnEmitterAndTemplatesForItsSites()
    {
        Assert.Empty(ProbeFamilies.All.SelectMany(f => Gaps(f, Templates)));
    }

    [Fact]
    public void EverySiteRecordBelongsToExactlyOneFamily()
    {
        var records = typeof(ProbeSite).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ProbeSite)) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        var made = ProbeFamilies.All.SelectMany(f => f.Provider.Sites).ToList();
        Assert.All(records, r => Assert.Equal(1, made.Count(t => t == r)));
    }

    private sealed record StraySite(string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

    private sealed class StrayProvider : IProbeProvider
    {
        public IReadOnlyList<string> Functors { get; } = ["stray"];
        public IReadOnlyList<Type> Sites { get; } = [typeof(TimerSite), typeof(StraySite)];

        public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
        {
            sites = [];
            return false;
        }
    }

    private sealed class StrayEmitter(params string[] templates) : ISiteEmitter
    {
        public IReadOnlyList<Type> Sites { get; } = [typeof(TimerSite), typeof(ProfileTimerSite)];
        public IReadOnlyList<string> Templates { get; } = templates;
        public IReadOnlyList<KernelFeature> Features { get; } = [];
        public SiteCode? Emit(ProbeSite site, SiteProbe probe) => null;
    }

    [Fact]
    public void AFamilyWithoutAnEmitterOrTemplateForASiteIsReported()
    {
        Assert.Equal(
        [
            "StrayProvider makes StraySite, which StrayEmitter does not emit",
            "StrayEmitter emits ProfileTimerSite, which StrayProvider does not make",
            "StrayEmitter: no template probes/stray.liquid",
        ], Gaps(new ProbeFamily(new StrayProvider(), new StrayEmitter("timer", "stray")), Templates));
        Assert.Contains("StrayEmitter names no template", Gaps(new ProbeFamily(new StrayProvider(), new StrayEmitter()), Templates));
    }

    [Fact]
    public void ASiteWithNoFamilyIsATranslationError()
    {
        var b = new B();
        var program = B.Program([], [], b.Probe(0, new StraySite("stray.point", false, b.S), b.Block()));
        var source = new TranslatePass().Run(program, new TranslateOptions("stap_test", [],
            Path.Combine(Harness.RepoRoot, "runtime"), Templates));
        var error = Assert.Single(source.Diagnostics);
        Assert.Equal("probe point not supported by this translator: stray.point", error.Message);
    }
}
