using System.Collections.Immutable;
using Stapper.Cli;
using Stapper.Translate;

namespace Stapper.Tests.Cli;

/// <summary>The translation cache serves passes 1-3 only when nothing they read changed: each input changed is a miss.</summary>
public sealed class TranslationCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stapper-translation-test-").FullName;
    private readonly string _script;
    private readonly string _tree;
    private readonly string _tapsets;
    private readonly string _runtime;

    public TranslationCacheTests()
    {
        _script = Write("script.stp", "probe begin { exit() }\n");
        _tree = Directory.CreateDirectory(Path.Combine(_root, "build-test-kernel")).FullName;
        Write("build-test-kernel/Makefile", "all:\n");
        Write("build-test-kernel/.config", "CONFIG_A=y\n");
        _tapsets = Directory.CreateDirectory(Path.Combine(_root, "tapsets")).FullName;
        Write("tapsets/extra.stp", "function f() { return 1 }\n");
        _runtime = Directory.CreateDirectory(Path.Combine(_root, "runtime")).FullName;
        Write("runtime/stp.h", "#define A 1\n");
    }

    public void Dispose() => Directory.Delete(_root, true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Invocation Invocation(params string[] extra) => new()
    {
        ScriptFile = _script,
        IncludeDirectories = [_tapsets],
        RuntimeDirectory = _runtime,
        Arguments = [.. extra, "-p4", "-r", _tree, "-I", _tapsets, "-R", _runtime, _script],
    };

    private string Key(Invocation? invocation = null) =>
        TranslationKey.For(invocation ?? Invocation(), TargetKernel.From(_tree + "/"))!;

    [Fact]
    public void SameInputsGiveTheSameKey() => Assert.Equal(Key(), Key());

    [Fact]
    public void TheScriptsTextChangesTheKey()
    {
        var before = Key();
        File.AppendAllText(_script, "probe end {}\n");
        Assert.NotEqual(before, Key());
    }

    [Fact]
    public void EveryOptionChangesTheKey()
    {
        var keys = new[] { Key(), Key(Invocation("-DMAXACTION=5")), Key(Invocation("-g")), Key(Invocation("--compatible=4.0")), Key(Invocation("-u")) };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void AnEInlineScriptChangesTheKey()
    {
        var one = new Invocation { ScriptText = "probe begin { exit() }", Arguments = ["-p4", "-e", "probe begin { exit() }"] };
        var two = new Invocation { ScriptText = "probe end { }", Arguments = ["-p4", "-e", "probe end { }"] };
        Assert.NotEqual(Key(one), Key(two));
    }

    [Fact]
    public void ATapsetFileChangesTheKey()
    {
        var before = Key();
        Write("tapsets/extra.stp", "function f() { return 2 }\n");
        Assert.NotEqual(before, Key());
        var edited = Key();
        Write("tapsets/added.stp", "function g() { return 2 }\n");
        Assert.NotEqual(edited, Key());
    }

    [Fact]
    public void ARuntimeFileChangesTheKey()
    {
        var before = Key();
        Write("runtime/stp.h", "#define A 2\n");
        Assert.NotEqual(before, Key());
    }

    [Fact]
    public void TheKernelTreeChangesTheKey()
    {
        var before = Key();
        Write("build-test-kernel/.config", "CONFIG_A=y\nCONFIG_B=y\n");
        var config = Key();
        Assert.NotEqual(before, config);
        // A file appearing where debug info is looked for (here the tree's vmlinux) is a miss too.
        Write("build-test-kernel/vmlinux", "elf");
        Assert.NotEqual(config, Key());
    }

    [Fact]
    public void ASystemtapEnvironmentVariableChangesTheKey()
    {
        var before = Key();
        Environment.SetEnvironmentVariable("SYSTEMTAP_STAPPER_TRANSLATION_TEST", "1");
        try
        {
            Assert.NotEqual(before, Key());
        }
        finally
        {
            Environment.SetEnvironmentVariable("SYSTEMTAP_STAPPER_TRANSLATION_TEST", null);
        }
    }

    [Fact]
    public void AScriptFromStdinIsNotCached() =>
        Assert.Null(TranslationKey.For(new Invocation { ScriptFile = "-", Arguments = ["-p4", "-"] }, TargetKernel.From(_tree + "/")));

    private static ModuleSource Source() => new("stap_test",
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("stp_module.c", "int x;\n"), KeyValuePair.Create("Makefile", "obj-m := stap_test.o\n")]),
        "/runtime", [], [new KernelFeature("STAPCONF_X", "linux/x.h", "x(")]);

    [Fact]
    public void AnEntryGivesBackWhatPassesOneToThreeMadeAndPrinted()
    {
        var cache = Path.Combine(_root, "cache");
        var debug = Write("debug.elf", "dwarf");
        TranslationCache.Store(cache, "k", [debug], "WARNING: w\n", 1, Source());
        var entry = TranslationCache.Load(cache, "k")!;
        Assert.Equal("WARNING: w\n", entry.Messages);
        Assert.Equal(1, entry.Warnings);
        Assert.Equal(Source().Files, entry.Source.Files);
        Assert.Equal("stap_test", entry.Source.ModuleName);
        Assert.Equal("/runtime", entry.Source.RuntimeDirectory);
        Assert.Equal<KernelFeature>([.. Source().Features], [.. entry.Source.Features]);
        Assert.Null(TranslationCache.Load(cache, "other"));
    }

    [Fact]
    public void AChangedOrRemovedDebugInfoFileIsAMiss()
    {
        var cache = Path.Combine(_root, "cache");
        var debug = Write("debug.elf", "dwarf");
        TranslationCache.Store(cache, "k", [debug], "", 0, Source());
        Assert.NotNull(TranslationCache.Load(cache, "k"));
        File.AppendAllText(debug, " more");
        Assert.Null(TranslationCache.Load(cache, "k"));
        File.Delete(debug);
        Assert.Null(TranslationCache.Load(cache, "k"));
    }

    [Fact]
    public void AnUnreadableEntryIsAMiss()
    {
        var cache = Directory.CreateDirectory(Path.Combine(_root, "cache")).FullName;
        File.WriteAllText(Path.Combine(cache, "k"), "not an entry");
        Assert.Null(TranslationCache.Load(cache, "k"));
    }
}
