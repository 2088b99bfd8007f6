using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Tests.Elaborate;

/// <summary>-G VAR=VAL against the script's globals (the module's load parameters).</summary>
public class LoadSettingTests
{
    private const string Script = "global count, label, arr\nprobe begin { printf(\"%d %s\\n\", count, label); arr[1] = 1 }\n";

    private static string Diagnostics(params (string Name, string Value)[] settings)
    {
        var result = Elaboration.Run(Script, null, o => o with
        {
            SetAtLoad = settings.ToImmutableDictionary(s => s.Name, s => s.Value),
        });
        var renderer = new DiagnosticRenderer();
        return string.Concat(result.Diagnostics.Select(renderer.Render));
    }

    [Fact]
    public void ASetGlobalIsNotNeverAssigned()
    {
        Assert.Contains("never-assigned global variable 'count'", Diagnostics());
        Assert.DoesNotContain("never-assigned global variable 'count'", Diagnostics(("count", "3")));
    }

    [Theory]
    [InlineData("12")]
    [InlineData("-3")]
    [InlineData("0x1f")]
    [InlineData("017")]
    public void ANumberGlobalTakesWhatTheParameterParses(string value) =>
        Assert.DoesNotContain("-G", Diagnostics(("count", value), ("label", "x")));

    [Theory]
    [InlineData("abc")]
    [InlineData("09")]
    [InlineData("0x")]
    [InlineData("1.5")]
    public void ANumberGlobalRefusesTheRest(string value) =>
        Assert.Contains($"semantic error: -G count={value}: 'count' is a number, and '{value}' is not one\n", Diagnostics(("count", value), ("label", "x")));

    [Theory]
    [InlineData("nope")]
    [InlineData("arr")]
    public void WhatIsNoScalarGlobalIsAWarning(string name) =>
        Assert.Contains($"WARNING: -G {name}=1: the script has no scalar global '{name}' to set; the module ignores it\n",
            Diagnostics((name, "1"), ("count", "1"), ("label", "x")));
}
