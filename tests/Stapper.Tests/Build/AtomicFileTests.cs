using Stapper.Build;

namespace Stapper.Tests.Build;

public sealed class AtomicFileTests
{
    [Fact]
    public void EachWriterGetsItsOwnTemporaryNameBesideThePath()
    {
        // Two threads of one process once shared "PATH.PID.tmp" and wrote one precompiled header together.
        var names = Enumerable.Range(0, 64).AsParallel().Select(_ => AtomicFile.TempPath("/cache/pch/kernel-x.h.gch")).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches(@"^/cache/pch/kernel-x\.h\.gch\.\d+\.[0-9a-f]{12}\.tmp$", n));
    }
}
