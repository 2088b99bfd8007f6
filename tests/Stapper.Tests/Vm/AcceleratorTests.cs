using Stapper.Vm;

namespace Stapper.Tests.Vm;

/// <summary>Which accelerator the guest gets: nested KVM on a host that is itself a guest is not trusted.</summary>
public sealed class AcceleratorTests
{
    [Theory]
    [InlineData(null, true, false, true)]
    [InlineData(null, true, true, false)]
    [InlineData(null, false, false, false)]
    [InlineData("kvm", true, true, true)]
    [InlineData("tcg", true, false, false)]
    [InlineData("", true, true, false)]
    public void KvmOnlyWhereItIsTrusted(string? requested, bool deviceExists, bool hostIsGuest, bool expected) =>
        Assert.Equal(expected, GuestRunner.UseKvm(requested, deviceExists, hostIsGuest));
}
