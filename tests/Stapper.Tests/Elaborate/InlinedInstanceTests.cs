using Stapper.Cli;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>Functions the compiler only inlined, against the installed kernel's -dbg vmlinux (skipped without it).</summary>
public sealed class InlinedInstanceTests
{
    private static (int Exit, string Out, string Err) Pass2(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = Driver.RunCore(["-r", Harness.KernelRelease, "-p2", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [RequiresFact(Need.VmlinuxDwarf)]
    public void EachInstanceDecidesDefinedForItself()
    {
        // buildok/dw_op_rot.stp: $num is readable at some of udp_hashslot's inlined instances only; @defined was
        // decided once for all of them (they share a name), so an unreadable one failed pass 2.
        var (exit, output, errors) = Pass2("-u", "-e", "probe kernel.function(\"udp_hashslot\")!, never { if (@defined($num)) println($num) }");
        Assert.True(exit == 0, errors);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(output, "kernel\\.function\\(\"udp_hashslot@include/net/udp\\.h:\\d+\"\\)").Count > 1, output);
    }

    [RequiresFact(Need.VmlinuxDwarf)]
    public void InlineSelectsInstancesAndReturnIsRefusedAsStapDoes()
    {
        var (exit, output, errors) = Pass2("-e", "probe kernel.function(\"sig_ignored\").inline { println($sig) }");
        Assert.True(exit == 0, errors);
        Assert.Contains("kernel.function(\"sig_ignored@kernel/signal.c:", output);
        (exit, _, errors) = Pass2("-e", "probe kernel.function(\"sig_ignored\").return { println(1) }");
        Assert.Equal(1, exit);
        Assert.Contains("cannot probe .return of 1 inlined functions  sig_ignored", errors);
        Assert.Contains("semantic error: no match", errors);
    }

    [RequiresFact(Need.VmlinuxDwarf)]
    public void FunctionIsTheCopyAndEveryInstanceCallTheCopyReturnTheCopyOnly()
    {
        // set_current_blocked: out of line (arch/x86's rt_sigreturn calls it) and inlined in kernel/signal.c. stap names
        // the copy and the instances alike, by the declaration; the -p2 listing has a line for each with its own pc=.
        static int Sites(string output, string suffix) => System.Text.RegularExpressions.Regex.Matches(output,
            "^kernel\\.function\\(\"set_current_blocked@kernel/signal\\.c:\\d+\"\\)" + suffix + " /\\* pc=_stext\\+0x[0-9a-f]+ \\*/",
            System.Text.RegularExpressions.RegexOptions.Multiline).Count;
        var (exit, output, errors) = Pass2("-e", "probe kernel.function(\"set_current_blocked\") { println($newset) }");
        Assert.True(exit == 0, errors);
        var all = Sites(output, "");
        Assert.True(all > 1, output);
        (exit, output, errors) = Pass2("-e", "probe kernel.function(\"set_current_blocked\").call { println(1) }");
        Assert.True(exit == 0, errors);
        Assert.Equal(1, Sites(output, "\\.call"));
        (exit, output, errors) = Pass2("-e", "probe kernel.function(\"set_current_blocked\").inline { println(1) }");
        Assert.True(exit == 0, errors);
        Assert.Equal(all - 1, Sites(output, "\\.inline"));
        // stap warns about the skipped instances only when nothing else matched.
        (exit, output, errors) = Pass2("-e", "probe kernel.function(\"set_current_blocked\").return { println(1) }");
        Assert.True(exit == 0, errors);
        Assert.Equal(1, Sites(output, "\\.return"));
        Assert.DoesNotContain("inlined functions", errors);
    }

    [RequiresFact(Need.VmlinuxDwarf)]
    public void WildcardsMatchInlinedInstancesToo()
    {
        // sig_ignored has no out-of-line copy: a wildcard found nothing through BTF's names.
        var (exit, output, errors) = Pass2("-e", "probe kernel.function(\"sig_ignore*\") { println($sig) }");
        Assert.True(exit == 0, errors);
        Assert.Contains("kernel.function(\"sig_ignored@kernel/signal.c:", output);
        (exit, _, errors) = Pass2("-e", "probe kernel.function(\"sig_ignore*\").return { println(1) }");
        Assert.Equal(1, exit);
        Assert.Contains("cannot probe .return of 1 inlined functions  sig_ignored", errors);
    }
}
