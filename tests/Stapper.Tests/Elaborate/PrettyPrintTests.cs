using System.Text.RegularExpressions;
using Stapper.Cli;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// stap's <c>$var$</c>/<c>$var$$</c>/<c>$$parms$</c> against the installed kernel's BTF: the sprintf formats pass 2
/// writes (each checked against stap 4.8's -p2 on 6.1 with the -dbg package), the "ERROR" net, and stap's messages.
/// </summary>
public sealed partial class PrettyPrintTests
{
    private static readonly Lazy<KernelDebugInfo?> Info = new(() =>
        Harness.HaveKernel ? KernelDebugInfo.Open(Harness.KernelRelease) : null);

    /// <summary>The tapsets a pretty print calls into (kernel_or_user_string_quoted and what it uses).</summary>
    private static readonly (string, string)[] Tapsets = [.. new[] { "conversions.stp", "string.stp" }
        .Select(f => Path.Combine(Harness.RepoRoot, "tapsets", f)).Select(f => (f, File.ReadAllText(f)))];

    private static ElaborationResult Run(string script) => Elaboration.Run(script, new KernelSymbols(Info.Value!), Tapsets);

    /// <summary>The format strings of the sprintf calls -p2 prints, in order.</summary>
    private static List<string> Formats(string script)
    {
        var result = Run(script);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return SprintfFormat().Matches(ProgramPrinter.Print(result.Program!, verbose: true)).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex("sprintf\\(\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex SprintfFormat();

    [SkippableKernelFact]
    public void OneLevelOfMembersWithPointersAsAddresses()
    {
        Assert.Equal(["{.mnt=%p, .dentry=%p}", "{.flags=%u, .mode=%u, .resolve=%u}"],
            Formats("probe kernel.function(\"do_sys_openat2\") { println(@cast(0, \"path\", \"kernel\")$) println($how$) }"));
    }

    [SkippableKernelFact]
    public void ParmsListsEachParametersPrettyPrint()
    {
        Assert.Equal(["dfd=%s filename=%s how=%s", "%i", "%s", "{.flags=%u, .mode=%u, .resolve=%u}"],
            Formats("probe kernel.function(\"do_sys_openat2\") { println($$parms$) }"));
    }

    [SkippableKernelFact]
    public void CharsPrintQuotedAndStringsThroughKernelOrUserMemory()
    {
        var result = Run("probe begin { println(@cast(0, \"task_struct\", \"kernel\")->comm$, @cast(0, \"task_struct\", \"kernel\")->comm[1]$) }");
        Assert.Empty(result.Diagnostics.Where(d => d.IsError));
        var printed = ProgramPrinter.Print(result.Program!, verbose: true);
        Assert.Contains("sprintf(\"%s\", kernel_or_user_string_quoted(", printed);
        Assert.Contains("sprintf(\"'%#c'\", ", printed);
    }

    [SkippableKernelFact]
    public void DoubleDollarExpandsNestedStructsAndArraysShowTheirFirstElement()
    {
        var formats = Formats("probe begin { println(@cast(0, \"fs_struct\", \"kernel\")$$) }");
        // spinlock_t's u8 fields print as chars, as stap's DWARF has them (DW_ATE_unsigned_char).
        Assert.Equal("{.users=%i, .lock={<union>={.rlock={.raw_lock={<union>={.val={.counter=%i}, <class>={.locked='%#c', .pending='%#c'}, "
            + "<class>={.locked_pending=%u, .tail=%u}}}}}}, .seq={.seqcount={.sequence=%u}}, .umask=%i, .in_exec=%i, "
            + ".root={.mnt=%p, .dentry=%p}, .pwd={.mnt=%p, .dentry=%p}}", Assert.Single(formats));
    }

    [SkippableKernelFact]
    public void EachPrettyPrintIsCaughtAsError()
    {
        var result = Run("probe begin { println(@cast(0, \"open_how\", \"kernel\")$) }");
        var caught = Assert.Single(BoundWalker.Nodes(result.Program!.Probes.Single().Body).OfType<BoundCaughtString>());
        Assert.Equal("ERROR", caught.Fallback);
    }

    [SkippableKernelFact]
    public void AddressOfAPrettyPrintIsRefused()
    {
        var errors = string.Concat(Run("probe kernel.function(\"vfs_read\") { println(&$file$) }").Diagnostics.Where(d => d.IsError).Select(new DiagnosticRenderer().Render));
        Assert.StartsWith("semantic error: cannot take address of pretty-printed variable", errors);
    }

    [SkippableKernelFact]
    public void ReturnProbeWarnsOnceInStapsSpelling()
    {
        var warnings = Run("probe kernel.function(\"vfs_read\").return { println($file$$) }").Diagnostics.Where(d => !d.IsError)
            .Select(d => new DiagnosticRenderer().Render(d)).ToList();
        Assert.StartsWith("WARNING: confusing usage, value is captured as @entry($file->$$) in .return probe [man stapprobes] RETURN PROBES: identifier '$file$$'",
            Assert.Single(warnings));
    }
}
