using System.Text.RegularExpressions;

namespace Stapper.Vm;

/// <summary>
/// Finds the guest kernel's reports that a module broke something: oopses, BUG/WARNING splats, lockdep, KASAN/UBSAN/KFENCE
/// and the lockup, stall and hung-task detectors (Debian's kernels have the detectors, DEBUG_LIST and
/// BUG_ON_DATA_CORRUPTION, SLUB_DEBUG and KFENCE, but no lockdep or KASAN). Every kernel-suite run is checked, so a
/// case whose output is right still fails if the kernel complained while it ran.
/// </summary>
public static partial class KernelLogCheck
{
    [GeneratedRegex(@"BUG:|WARNING:|Oops|general protection fault|Kernel panic|kernel BUG|KASAN|UBSAN|KFENCE|possible (recursive|circular) locking|inconsistent lock state|lockdep|INFO: rcu_\w+ (self-)?detected stall|rcu: INFO:|blocked for more than|soft lockup|hard LOCKUP|list_(add|del) corruption|stack-protector|stack guard page|Corrupted low memory")]
    private static partial Regex Report();

    /// <summary>The log's lines that report a problem, in order (empty when the kernel said nothing alarming).</summary>
    public static IReadOnlyList<string> Problems(string kernelLog) =>
        [.. kernelLog.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => Report().IsMatch(l))];

    /// <summary>Text to add to a command's stderr when its kernel log has problems, else "".</summary>
    public static string Describe(string kernelLog)
    {
        var problems = Problems(kernelLog);
        return problems.Count == 0 ? "" : "guest kernel log reported:\n" + string.Join('\n', problems.Take(20)) + "\n";
    }
}
