using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.DebugInfo;

namespace Stapper.Tests.Elaborate;

/// <summary>The kernel cases' program (tests/scripts/process/inlined.c) built -O2 -g once per run: scale() inlined at two call sites with an out-of-line copy (called
/// through a pointer), twice() only inlined.</summary>
public sealed class InlinedProgramFixture : IDisposable
{
    public InlinedProgramFixture()
    {
        Dir = Directory.CreateTempSubdirectory("stapper-inlined-").FullName;
        File.Copy(Path.Combine(Scripts.ScriptCase.RepositoryRoot, "tests", "scripts", "process", "inlined.c"), Path.Combine(Dir, "inlined.c"));
        Oracle.RunIn(Dir, "gcc", "-g", "-O2", "inlined.c", "-o", "inlined");
    }

    public string Dir { get; }

    public string Program => Path.Combine(Dir, "inlined");

    public string Source => Path.Combine(Dir, "inlined.c");

    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>process("P").function("F") with its inlined instances, .inline and .call, and stap's .return warning.</summary>
public sealed class UserInlinedTests(InlinedProgramFixture program) : IClassFixture<InlinedProgramFixture>
{
    private static string Render(IEnumerable<Diagnostic> diagnostics) => string.Concat(diagnostics.Select(new DiagnosticRenderer().Render));

    private ProbeSite[] Sites(string point)
    {
        var result = Elaboration.Run($"probe process(\"{program.Program}\").{point} {{ println(1) }}");
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return [.. result.Program!.Probes.SelectMany(p => p.Sites)];
    }

    private string Errors(string point) => Render(Elaboration.Run($"probe process(\"{program.Program}\").{point} {{ println(1) }}").Diagnostics);

    [Fact]
    public void FunctionProbesTheOutOfLineCopyThenEachInlinedInstance()
    {
        var sites = Sites("function(\"scale\")");
        var name = $"process(\"{program.Program}\").function(\"scale@{program.Source}:6\")";
        Assert.Equal([name, name, name], sites.Select(s => s.Name));
        Assert.IsType<UserFunctionSite>(sites[0]);
        var inlined = sites.Skip(1).Cast<UserStatementSite>().ToList();
        Assert.NotEqual(inlined[0].Pc, inlined[1].Pc);
        // each instance's x is in a register at its entry
        Assert.All(inlined, s => Assert.NotNull(s.Load(s.Scope!.Parameters.ToList().FindIndex(p => p.Name == "x"))));
        Assert.Single(Sites("function(\"twice\")").Cast<UserStatementSite>());
    }

    [Fact]
    public void InlineTakesOnlyTheInstancesAndCallOnlyTheCopy()
    {
        var inline = Sites("function(\"scale\").inline");
        Assert.Equal(2, inline.Length);
        Assert.All(inline, s => Assert.EndsWith(":6\").inline", s.Name));
        Assert.All(inline, s => Assert.IsType<UserStatementSite>(s));
        Assert.IsType<UserFunctionSite>(Assert.Single(Sites("function(\"scale\").call")));
        // A wildcard: the instances of both, then functions only the symbol table knows (stap's symbol-table pass
        // ignores .inline), never main's out-of-line DWARF copy.
        var all = Sites("function(\"*\").inline").Select(s => s.Name).ToList();
        Assert.Equal(3, all.Count(n => n.Contains("@", StringComparison.Ordinal)));
        Assert.Contains(all, n => n.Contains("function(\"_start\")", StringComparison.Ordinal));
        Assert.DoesNotContain(all, n => n.Contains("main", StringComparison.Ordinal));
    }

    [Fact]
    public void StapsWarningAndErrors()
    {
        var onlyInlined = Errors("function(\"twice\").return");
        Assert.Contains("WARNING: cannot probe .return of 1 inlined functions  twice\n", onlyInlined);
        Assert.Contains("semantic error: no match (similar functions:", onlyInlined);
        // the out-of-line copy is probed, so no warning
        Assert.DoesNotContain("inlined functions", Errors("function(\"scale\").return"));
        Assert.Contains("semantic error: no match (similar functions:", Errors("function(\"main\").inline"));
        Assert.Contains("semantic error: invalid suffix for probe: keyword at ", Errors("function(\"scale\").inline.return"));
        Assert.Contains("semantic error: invalid suffix for probe: identifier 'inline' at ", Errors("function(\"scale\").call.inline"));
    }
}
