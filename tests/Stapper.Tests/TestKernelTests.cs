namespace Stapper.Tests;

/// <summary>How tests name a kernel by series rather than by a written-in release.</summary>
public class TestKernelTests
{
    [Theory]
    [InlineData("6.1.0-57-amd64", "6.1")]
    [InlineData("6.1.0-9-cloud-amd64", "6.1")]
    [InlineData("6.12.118+deb12-amd64", "6.12")]
    [InlineData("6.12.118+deb12-rt-amd64", "6.12")]
    public void SeriesIsTheFirstTwoNumbers(string release, string series) =>
        Assert.Equal(series, TestKernel.SeriesOf(release));

    [Fact]
    public void ARecordedReleaseThatIsGoneFallsBackToItsSeries()
    {
        var installed = TestKernel.OfSeries("6.1");
        Assert.Equal(installed?.Release, TestKernel.RecordedOn("6.1.0-0-notinstalled-amd64")?.Release);
        Assert.Null(TestKernel.RecordedOn("2.6.32-0-amd64"));
    }
}
