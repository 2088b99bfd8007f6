using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>@entry(expr) in a return probe: stap's synthesized entry probe and per-thread stack of saved values.</summary>
public sealed class EntryCaptureTests
{
    private static readonly (string, string) Tapset = ("context.stp", "function tid:long() %{ /* pure */ STAP_RETVALUE = current->pid; %}\nfunction now:long() %{ STAP_RETVALUE = 7; %}\n");

    private static ElaborationResult Run(string script) => Elaboration.Run(script, new FakeKernel("vfs_read"), Tapset);

    [SkippableKernelFact]
    public void OnlyTheBranchADefinedTestTakesIsCaptured()
    {
        // systemtap.examples/io/enospc.stp: the branch not taken names a member this kernel lacks.
        var kernel = new Stapper.Cli.KernelSymbols(Stapper.DebugInfo.KernelDebugInfo.Open(Harness.KernelRelease));
        foreach (var script in new[]
        {
            "probe kernel.function(\"vfs_read\").return { println(@defined(@entry($file->f_inode)) ? @entry($file->f_inode->i_ino) : @entry($file->nosuch)) }",
            "probe kernel.function(\"vfs_read\").return { if (@defined($file->nosuch)) println(@entry($file->nosuch)) else println(@entry($count)) }",
        })
        {
            var result = Elaboration.Run(script, kernel, Tapset);
            Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
            var printed = ProgramPrinter.Print(result.Program!, verbose: true);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(printed, "\\+\\+__global_entry_tvar_entry_"));
        }
    }

    [Fact]
    public void ReturnProbeValuesAreSavedByAnEntryProbeAndPopped()
    {
        var result = Run("probe kernel.function(\"vfs_read\").return { println(now() - @entry(now())) }");
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        var program = result.Program!;
        Assert.Equal(["kernel.function(\"vfs_read\").call", "kernel.function(\"vfs_read\").return"], program.Probes.Select(p => p.Sites.Single().Name));
        Assert.False(((KernelFunctionSite)program.Probes[0].Sites[0]).Return);
        var printed = ProgramPrinter.Print(program, verbose: true);
        Assert.Contains("""
            # globals
            __global_entry_tvar_entry_0:long [long, long]
            __global_entry_tvar_entry_0_ctr:long [long]

            """.Replace("\r", ""), printed);
        Assert.EndsWith("""
            # probes
            kernel.function("vfs_read").call /* <- kernel.function("vfs_read").call */
              # locals
              _entry_tvar_tid:long
            {
              (_entry_tvar_tid) = (tid())
              (__global_entry_tvar_entry_0[_entry_tvar_tid, ++__global_entry_tvar_entry_0_ctr[_entry_tvar_tid]]) = (now())
            }
            kernel.function("vfs_read").return /* <- kernel.function("vfs_read").return */
              # locals
              _entry_tvar_tid:long
              __global_entry_tvar_entry_0_tmp:long
            {
              (_entry_tvar_tid) = (tid())
              (__global_entry_tvar_entry_0_tmp) = (__global_entry_tvar_entry_0[_entry_tvar_tid, __global_entry_tvar_entry_0_ctr[_entry_tvar_tid]])
              delete __global_entry_tvar_entry_0[_entry_tvar_tid, __global_entry_tvar_entry_0_ctr[_entry_tvar_tid]--]
              if (!(__global_entry_tvar_entry_0_ctr[_entry_tvar_tid]))
                delete __global_entry_tvar_entry_0_ctr[_entry_tvar_tid]
              println((now()) - (__global_entry_tvar_entry_0_tmp))
            }

            """.Replace("\r", ""), printed);
    }

    [Fact]
    public void EachEntryGetsItsOwnSlotInOrder()
    {
        var program = Run("probe kernel.function(\"vfs_read\").return { printf(\"%d %s\\n\", @entry(now()), @entry(sprint(now()))) }").Program!;
        Assert.Equal(["__global_entry_tvar_entry_0", "__global_entry_tvar_entry_0_ctr", "__global_entry_tvar_entry_1", "__global_entry_tvar_entry_1_ctr"],
            program.Globals.Select(g => g.Name).Order(StringComparer.Ordinal));
        Assert.Equal(StapType.String, program.Globals.Single(g => g.Name == "__global_entry_tvar_entry_1").Type);
    }

    /// <summary>stap 4.8's text (`stap -r 6.1.0-57-amd64 -p2`): the probe or function its type checker was in, then the error.</summary>
    [Theory]
    [InlineData("probe kernel.function(\"vfs_read\") { println(@entry(1)) }", "probe kernel.function(\"vfs_read\")", "1:45")]
    [InlineData("probe begin { println(@entry(1)) }", "probe begin", "1:23")]
    [InlineData("probe begin, timer.s(1) { println(@entry(1)) }", "probe begin", "1:35")]
    [InlineData("function f() { return @entry(1) } probe begin { println(f()) }", "function f", "1:23")]
    public void EntryOutsideAReturnProbeIsAnError(string script, string within, string at)
    {
        var errors = Elaboration.Errors(script, Tapset);
        Assert.StartsWith($"semantic error: while processing {within}\n\nsemantic error: internal error: @entry is only valid in .return probes: "
            + "operator '@entry' at t.stp:" + at + "\n", errors);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(errors, "while processing"));
    }
}
