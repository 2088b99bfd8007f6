using System.Text.RegularExpressions;
using Stapper.Cli;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// -p2 -v against stap 4.8's own (Oracle/*.p2: the stap command and its stdout). The bodies' syntax differs (stap
/// prints them on one line, probe points with their pc), so both sides are reduced to statements, one per line
/// (stap's "{ ... }" and ";" dropped, its mangled __global_NAME__overload_N names as NAME), and the lines that
/// carry what is compared must be equal, in order: target expressions (the synthesized functions, their
/// locations, the calls) for target_*, the probes' statements for fold_*.
/// </summary>
public sealed class OracleP2Tests
{
    /// <summary>The kernel the oracle read (its command's -r), or a later one of its series.</summary>
    private static readonly string Recorded = Regex.Match(
        File.ReadAllText(Directory.GetFiles(Path.Combine(Harness.RepoRoot, "tests", "Stapper.Tests", "Elaborate", "Oracle"), "*.p2").Order(StringComparer.Ordinal).First()),
        @"# command: stap .*?-r (\S+)").Groups[1].Value;

    private static readonly string? OracleKernel = TestKernel.RecordedOn(Recorded)?.Release;

    private static readonly Regex TargetLines = new(@"__private_|@k(register|deref)\(|_(get|set)_kretprobe_(long|string)\(\d");

    private static readonly Regex StatementLines = new(@"^(print|printf|println|exit|next|return|if|for|while|\(|\d)");

    [OracleKernelFact]
    public void CountAndMemberChain() => Check("target_count_dentry");

    [OracleKernelFact]
    public void CastWithAndWithoutModule() => Check("target_cast");

    [OracleKernelFact]
    public void AddressOfMembers() => Check("target_address_of");

    [OracleKernelFact]
    public void ParmsList() => Check("target_parms");

    [OracleKernelFact]
    public void ReturnValueAndEntryCapture() => Check("target_return");

    [OracleKernelFact]
    public void EntryCapturesOfLongsAndParmsString() => Check("target_return_saved");

    [OracleKernelFact]
    public void IndexesLiteralAndComputed() => Check("target_index");

    [OracleKernelFact]
    public void NarrowSignedRegisterAndMemoryFetches() => Check("target_narrow");

    [OracleKernelFact]
    public void NarrowUnsignedRegister() => Check("target_narrow_unsigned");

    [OracleKernelFact]
    public void NumbersRunOnAcrossProbesAndAlikeFunctionsMerge() => Check("target_two_probes");

    [OracleKernelFact]
    public void DefinedChoosesTheBranchBeforeTargetsResolve() => Check("fold_defined");

    [Fact]
    public void FoldsOfExpressions() => Check("fold_expressions");

    [Fact]
    public void FoldsOfStatementsAndDeadControl() => Check("fold_statements");

    [Fact]
    public void FoldsKeepSideEffects() => Check("fold_side_effects");

    [Fact]
    public void UnoptimizedStillFolds() => Check("fold_unoptimized");

    private static void Check(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Harness.RepoRoot, "tests", "Stapper.Tests", "Elaborate", "Oracle", name + ".p2"));
        var command = lines.Single(l => l.StartsWith("# command: stap ", StringComparison.Ordinal))["# command: stap ".Length..];
        var script = command[(command.IndexOf(" -e '", StringComparison.Ordinal) + 5)..^1];
        var options = command[..command.IndexOf(" -e '", StringComparison.Ordinal)].Split(' ').ToList();
        var r = options.IndexOf("-r");
        if (!script.Contains("kernel.function", StringComparison.Ordinal))
        {
            options.RemoveRange(r, 2);
        }
        else
        {
            options[r + 1] = OracleKernel!;
        }
        var stap = string.Join('\n', lines.SkipWhile(l => l != "---").Skip(1));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(Driver.RunCore([.. options, "-e", script], stdout, stderr) == 0, stderr.ToString());
        var relevant = name.StartsWith("target_", StringComparison.Ordinal) ? TargetLines : StatementLines;
        Assert.Equal(Statements(stap, relevant), Statements(stdout.ToString(), relevant));
    }

    private static List<string> Statements(string text, Regex relevant)
    {
        var kept = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            line = line.StartsWith("{ ", StringComparison.Ordinal) ? line[2..] : line;
            line = line.EndsWith(" }", StringComparison.Ordinal) ? line[..^2] : line;
            line = line.TrimEnd(';');
            line = Regex.Replace(line, @"__global_(\w+?)__overload_\d+", "$1");
            if (relevant.IsMatch(line))
            {
                kept.Add(line);
            }
        }
        return kept;
    }

    /// <summary>Needs the kernel the oracle read (its BTF here): member offsets are that kernel's.</summary>
    private sealed class OracleKernelFactAttribute : FactAttribute
    {
        public OracleKernelFactAttribute()
        {
            if (OracleKernel is null)
            {
                Skip = "the oracle read " + Recorded + "; no kernel of its series is installed with headers";
            }
        }
    }
}
