using Stapper.Tests.Elaborate;
using Stapper.Translate;

namespace Stapper.Tests.Translate;

/// <summary>The C of a counter global: hits add to this CPU's copy, reads fold the copies onto the base, no lock.</summary>
public class CounterGlobalCodeTests
{
    [Fact]
    public void HitsAddToThisCpusCopyAndReadsFoldTheCopiesOntoTheBase()
    {
        var program = Elaboration.Program("global n = 7; probe timer.ms(1) { n++; n -= 2 } probe end { println(n) }");
        var c = Harness.Translate(program).Files[TranslatePass.SourceFileName];
        Assert.Contains("stp_g_n = ((int64_t)7LL);", c);
        Assert.Contains("stp_gc_n = alloc_percpu(u64);", c);
        Assert.Contains("free_percpu(stp_gc_n);", c);
        Assert.Contains("this_cpu_inc(*stp_gc_n);", c);
        Assert.Contains("this_cpu_sub(*stp_gc_n, (u64)", c);
        Assert.Contains("u64 sum = (u64)stp_g_n;", c);
        Assert.Contains("for_each_possible_cpu(cpu) sum += *per_cpu_ptr(stp_gc_n, cpu);", c);
        Assert.Contains("_a1 = stp_gcr_n();", c);
        Assert.DoesNotContain("&stp_gl_n)", c);
    }
}
