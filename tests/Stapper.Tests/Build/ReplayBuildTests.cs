using System.Diagnostics;
using Stapper.Build;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Build;

/// <summary>
/// The first kbuild of a build tree captures its commands; the next module is built by replaying them, and is
/// the module kbuild gives where loading looks (vermagic, symbol versions, sections). The kernel suite runs them.
/// </summary>
public sealed class ReplayBuildTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stapper-replay-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private ModuleFile Build(string kernel, string name, string cache, bool replay, bool keep = false)
    {
        var b = new B("probe begin { printf(\"hello %s %d\\n\", \"world\", 42) }\n");
        var source = Harness.Translate(ModuleBuildTests.Hello(b), name);
        var options = new BuildOptions($"/lib/modules/{kernel}/build", kernel, Path.Combine(_root, kernel, cache, "modules"), keep, 0, replay)
        {
            TemporaryDirectory = _root,
        };
        var module = new BuildPass().Run(source, options);
        Assert.True(module.Path is not null, string.Join("\n", module.Diagnostics.Select(d => d.Message)));
        Assert.Empty(module.Diagnostics);
        return module;
    }

    private static string Tool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var p = Process.Start(start)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Order(StringComparer.Ordinal);

    private static IEnumerable<string> Sections(string ko) =>
        Tool("readelf", "-SW", ko).Split('\n').Select(l => l.Split(']', 2)).Where(p => p.Length == 2)
            .Select(p => p[1].Trim().Split(' ')[0]).Where(n => n.Length > 0 && n != "Name");

    /// <summary>Every installed kernel with a build tree: 6.12's kbuild adds module BTF where 6.1's has no vmlinux.</summary>
    [SkippableKernelFact]
    public void TheSecondModuleIsBuiltByReplayAndLoadsAsKbuildsWould()
    {
        var kernels = Stapper.Vm.InstalledKernels.List().Where(k => k.HasHeaders).Select(k => k.Release).ToList();
        Assert.NotEmpty(kernels);
        foreach (var kernel in kernels)
        {
            var first = Build(kernel, "stap_replay_one", "cache", replay: true);
            Assert.StartsWith("kbuild (no commands captured", first.Route);
            Assert.EndsWith("captured its commands for the next builds", first.Route);

            var replayed = Build(kernel, "stap_replay_two", "cache", replay: true);
            Assert.StartsWith("replay of kbuild's commands", replayed.Route);
            var kbuild = Build(kernel, "stap_replay_two", "other", replay: false);
            Assert.Equal("kbuild (replay off)", kbuild.Route);
            // -k keeps the debug info, so the replay compiles with kbuild's -g and runs its BTF step too.
            var kept = Build(kernel, "stap_replay_two", "cache", replay: true, keep: true);
            Assert.StartsWith("replay of kbuild's commands", kept.Route);

            // The same modinfo, in another order: a replay compiles the common part of modpost's NAME.mod.c (its name and
            // vermagic lines) with the module's C (Build/ModpostSource). The loader reads modinfo by key.
            Assert.Equal(Lines(Tool("modinfo", kbuild.Path!)), Lines(Tool("modinfo", replayed.Path!).Replace(replayed.Path!, kbuild.Path!)));
            Assert.Equal(Tool("objcopy", "-O", "binary", "--only-section=__versions", kbuild.Path!, "/dev/stdout"),
                Tool("objcopy", "-O", "binary", "--only-section=__versions", replayed.Path!, "/dev/stdout"));
            // The same sections; the notes of NAME.mod.c's common part come first, from the module's own object.
            Assert.Equal(Sections(kbuild.Path!).Order(StringComparer.Ordinal), Sections(kept.Path!).Order(StringComparer.Ordinal));
            // Without -k: compiled at -g1 and without the module BTF pahole writes from DWARF; else kbuild's sections.
            Assert.Equal(Sections(kbuild.Path!).Where(n => n != ".BTF").Order(StringComparer.Ordinal), Sections(replayed.Path!).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(".BTF", Sections(replayed.Path!));
            // Cached without debug info.
            Assert.DoesNotContain(".debug_info", Sections(replayed.Path!));
        }
    }
}
