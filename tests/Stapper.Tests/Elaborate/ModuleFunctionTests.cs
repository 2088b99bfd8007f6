using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Matching;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>module("M").function("F"): modules and their functions from the release's .ko files and their BTF,
/// wildcards in both expanded (stap's pp names each module), a missing module or function is stap's "no match".</summary>
public sealed class ModuleFunctionTests
{
    private sealed class Kernel : IKernelSymbols
    {
        private static readonly Dictionary<string, string[]> Modules = new()
        {
            ["dccp_ipv4"] = ["dccp_v4_connect", "dccp_v4_rcv"],
            ["dccp_ipv6"] = ["dccp_v6_connect"],
            ["ext4"] = ["ext4_file_open"],
        };

        public bool HasFunction(string name) => name == "vfs_read";

        public IEnumerable<string> FunctionsMatching(string glob) => new[] { "vfs_read" }.Where(f => Glob.Match(glob, f));

        public IReadOnlyList<string>? ModulesMatching(string glob) => Modules.Keys.Where(m => Glob.Match(glob, m)).Order(StringComparer.Ordinal).ToList();

        public IReadOnlyList<string>? ModuleFunctionsMatching(string module, string glob) =>
            Modules.TryGetValue(module, out var fs) ? fs.Where(f => Glob.Match(glob, f)).ToList() : null;
    }

    private static ElaborationResult Run(string script) => Elaboration.Run(script, new Kernel());

    [Fact]
    public void WildcardsInModuleAndFunctionExpandToEachModule()
    {
        var program = Run("probe module(\"dccp*\").function(\"dccp_v?_connect\") { println(1) }").Program!;
        Assert.Equal(["module(\"dccp_ipv4\").function(\"dccp_v4_connect\")", "module(\"dccp_ipv6\").function(\"dccp_v6_connect\")"],
            program.Probes.SelectMany(p => p.Sites).Select(s => s.Name));
    }

    [Theory]
    [InlineData("probe module(\"nosuchmod\").function(\"foo\") { println(1) }")]
    [InlineData("probe module(\"ext4\").function(\"nosuchfn\") { println(1) }")]
    [InlineData("probe module(\"nosuch*\").function(\"*\") { println(1) }")]
    public void AMissingModuleOrFunctionIsNoMatch(string script)
    {
        var error = Assert.Single(Run(script).Diagnostics, d => d.IsError);
        Assert.StartsWith("semantic error: while resolving probe point: identifier 'module' at t.stp:1:7\n", new DiagnosticRenderer().Render(error));
    }

    [Fact]
    public void AnOptionalMissingModuleIsDropped()
    {
        var result = Run("probe module(\"nosuchmod\").function(\"foo\") ?, begin { println(1) }");
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
    }

    [SkippableKernelFact]
    public void TheReleasesModulesAndTheirBtfAreRead()
    {
        var release = TestKernel.Find()!.Release;
        var (status, stdout, stderr) = Stapper.Tests.Cli.VerboseListing.Run("-r", release, "-p2", "-e",
            "probe module(\"ext*\").function(\"ext4_file_open\") { println($filp) }");
        Assert.Equal((0, ""), (status, stderr));
        var name = $"module\\(\"ext4\"\\)\\.function\\(\"{TestKernel.FunctionNamePattern(release, "ext4_file_open", "fs/ext4/file.c")}\"\\)";
        Assert.Matches($"\n{name}{TestKernel.ListedPcPattern(release)} /\\* <- {name} \\*/\n", stdout);
        Assert.Contains("  println(__private__input___dwarf_tvar_get_filp_0())\n", stdout);
    }
}
