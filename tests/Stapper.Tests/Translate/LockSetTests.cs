using Stapper.Elaborate;
using Stapper.Tests.Elaborate;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>
/// The globals each probe locks, and in which sense, found through calls at any depth (stap's rules:
/// a write anywhere below the probe takes the write lock; adding to an aggregate shares; reading one excludes).
/// </summary>
public class LockSetTests
{
    private static string Locks(string script, int probe = 0)
    {
        var program = Elaboration.Program(script);
        var access = new GlobalAccess(program.Calls, program.Counters, program.Globals).ForProbe(program.Probes[probe]);
        return string.Join(" ", access.Select(a => (a.Write ? "w:" : "r:") + a.Global.Name));
    }

    [Fact]
    public void GlobalWrittenOnlyInACalledFunctionIsWriteLocked() =>
        Assert.Equal("w:n", Locks("global n; function f() { n = n + 1 } probe timer.ms(1) { f() } probe end { println(n) }"));

    [Fact]
    public void WritesAndReadsThreeCallsDeep()
    {
        const string Script = """
            global n, m, seen
            function c() { n = n + 1; return m }
            function b() { return c() }
            function a() { return b() + 1 }
            probe timer.ms(1) { seen = a() }
            probe end { printf("%d %d %d\n", n, m, seen) }
            """;
        Assert.Equal("r:m w:n w:seen", Locks(Script));
        Assert.Equal("r:m r:n r:seen", Locks(Script, 1));
    }

    [Fact]
    public void RecursiveFunctionsAreFollowedOnce()
    {
        const string Script = """
            global depth, total
            function down(k) { if (k > 0) { total = total + k; return down(k - 1) } return depth }
            probe timer.ms(1) { println(down(3)) }
            probe end { depth = 1; println(total) }
            """;
        Assert.Equal("r:depth w:total", Locks(Script));
    }

    [Fact]
    public void AggregatesThroughCallsShareForAddingAndExcludeForReading()
    {
        const string Script = """
            global s
            function add(v) { s <<< v }
            function count() { return @count(s) }
            probe timer.ms(1) { add(1) }
            probe timer.ms(2) { println(count()) }
            """;
        Assert.Equal("r:s", Locks(Script));
        Assert.Equal("w:s", Locks(Script, 1));
    }

    [Fact]
    public void ArrayMembershipAndDeleteInCallees()
    {
        const string Script = """
            global a, b
            function has(k) { return k in a }
            function drop(k) { delete b[k] }
            probe timer.ms(1) { if (has(1)) drop(2) }
            probe end { a[1] = 1; b[2] = 2 }
            """;
        Assert.Equal("r:a w:b", Locks(Script));
    }

    [Fact]
    public void CountersTakeNoLockWhereTheyAreAddedToNorWhereTheyAreRead()
    {
        const string Script = """
            global hits, bytes, last
            function count(n) { hits++; bytes += n }
            probe timer.ms(1) { count(3); last = hits }
            probe end { println(hits, bytes, last) }
            """;
        Assert.Equal("w:last", Locks(Script));
        Assert.Equal("r:last", Locks(Script, 1));
    }
}
