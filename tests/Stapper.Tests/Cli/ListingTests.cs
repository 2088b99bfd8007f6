using System.Text.RegularExpressions;
using Stapper.Cli;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Cli;

/// <summary>-l/-L against stap 4.8's output for the same probe points (Listing/README.md: source and deliberate differences).</summary>
public partial class ListingTests
{
    private static readonly string Folder = Path.Combine(Harness.RepoRoot, "tests", "Stapper.Tests", "Cli", "Listing");

    /// <summary>The kernel stap's listing was taken on (the data's first line), or a later one of its series.</summary>
    private static readonly string Recorded = File.ReadLines(Path.Combine(Folder, "stap-4.8-L.txt")).First()["# taken on ".Length..];
    private static readonly string? Kernel = TestKernel.RecordedOn(Recorded)?.Release;

    /// <summary>With the kernel's -dbg vmlinux, Stapper names DWARF functions as stap does (<c>f@FILE:LINE</c>).</summary>
    private static readonly bool Dwarf = Kernel is not null && TestKernel.HasDwarf(Kernel);

    public static TheoryData<string> Points()
    {
        var data = new TheoryData<string>();
        foreach (var point in Expected().Keys)
        {
            data.Add(point);
        }
        return data;
    }

    /// <summary>stap's lines per probe point, then Stapper's deliberate differences; without the -dbg vmlinux, the
    /// functions' <c>@FILE:LINE</c> removed (BTF names them so).</summary>
    private static Dictionary<string, string> Expected()
    {
        var expected = new Dictionary<string, string>();
        string? point = null;
        foreach (var line in File.ReadLines(Path.Combine(Folder, "stap-4.8-L.txt")))
        {
            if (line.StartsWith("== rc=", StringComparison.Ordinal))
            {
                point = null;
            }
            else if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                point = line[3..];
                expected[point] = "";
            }
            else if (point is not null)
            {
                // A statement or label is named from DWARF by both, with its source position.
                expected[point] += BtfNamed(line) + "\n";
            }
        }
        foreach (var line in File.ReadLines(Path.Combine(Folder, "stapper-differences.txt")))
        {
            var tab = line.IndexOf('\t');
            expected[line[..tab]] = BtfNamed(line[(tab + 1)..]) + "\n";
        }
        return expected;
    }

    /// <summary>The line as Stapper lists it without the -dbg vmlinux: a statement or label is named from DWARF all the
    /// same (DWARF is the only way to it), a function by its BTF name.</summary>
    private static string BtfNamed(string line) =>
        Dwarf || line.StartsWith("kernel.statement(", StringComparison.Ordinal) || line.Contains(".label(", StringComparison.Ordinal)
            ? line : SourcePosition().Replace(line, "\"");

    [ListingKernelTheory]
    [MemberData(nameof(Points))]
    public void DashCapitalLMatchesStap(string point)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["-r", Kernel!, "-L", point], stdout, stderr));
        Assert.Equal(Expected()[point], stdout.ToString());
        Assert.Equal("", stderr.ToString());
    }

    [ListingKernelTheory]
    [InlineData("kernel.function(\"ksys_wri*\")", "kernel.function(\"ksys_write@fs/read_write.c:626\")\n")]
    [InlineData("timer.ms(100)", "timer.ms(100)\n")]
    [InlineData("syscall.*lose", "syscall.close\n")]
    [InlineData("nfs.proc4.rename_*", "nfs.proc4.rename_done\nnfs.proc4.rename_setup\n")]
    public void DashLListsNames(string point, string expected)
    {
        var stdout = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["-r", Kernel!, "-l", point], stdout, new StringWriter()));
        Assert.Equal(BtfNamed(expected), stdout.ToString());
    }

    [ListingKernelTheory]
    // stap only wraps the argument in "probe ... {}": an alias defined there is listed with its locals (semok defined_list_vars).
    [InlineData("my.read = kernel.function(\"ksys_read\") { n = $count } probe my.read", "my.read n:long ")]
    public void DashCapitalLSeesAnAliasDefinedInItsArgument(string point, string expected)
    {
        var stdout = new StringWriter();
        Assert.Equal(0, Driver.RunCore(["-r", Kernel!, "-L", point], stdout, new StringWriter()));
        Assert.StartsWith(expected, stdout.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("@[^\"]*\"")]
    private static partial Regex SourcePosition();

    private sealed class ListingKernelTheoryAttribute : TheoryAttribute
    {
        public ListingKernelTheoryAttribute()
        {
            if (Kernel is null)
            {
                Skip = "stap's listing was taken on " + Recorded + "; no kernel of its series is installed with headers";
            }
        }
    }
}
