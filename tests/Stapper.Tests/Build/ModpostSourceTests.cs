using Stapper.Build;

namespace Stapper.Tests.Build;

/// <summary>modpost's NAME.mod.c in two: the part a replay compiles with the module's C, and the per-module rest.</summary>
public sealed class ModpostSourceTests
{
    private const string Common = "#include <linux/module.h>\n\nMODULE_INFO(name, KBUILD_MODNAME);\n\n__visible struct module __this_module;\n\n";

    private const string PerModule = "static const struct modversion_info ____versions[]\n__used __section(\"__versions\") = {\n" +
        "\t{ 0xceb66bec, \"sched_clock_cpu\" },\n\t{  0x53730, \"pcpu_hot\" },\n};\n\nMODULE_INFO(depends, \"\");\n\n";

    [Fact]
    public void SplitsAtTheVersionsTableAndWritesItsRestAsCWithoutHeaders()
    {
        var (common, perModule) = ModpostSource.Split(Common + PerModule)!.Value;
        Assert.Equal(Common, common);
        Assert.Equal(PerModule, perModule);
        Assert.Equal(
            "/* modpost's symbol versions and modinfo for this module (Build/ModpostSource) */\n" +
            "struct stp_modversion { unsigned long crc; char name[56]; };\n" +
            "static const struct stp_modversion ____versions[] __attribute__((used, section(\"__versions\"))) = {\n" +
            "\t{ 0xceb66bec, \"sched_clock_cpu\" },\n\t{ 0x53730, \"pcpu_hot\" },\n};\n" +
            "static const char stp_modinfo_0[] __attribute__((used, section(\".modinfo\"), aligned(1))) = \"depends=\";\n",
            ModpostSource.PerModuleSource(perModule));
    }

    [Theory]
    [InlineData("\t{ 0x1, \"a\" },\n};\nMODULE_ALIAS(\"x\");\n")] // a line that is not modinfo
    [InlineData("\t{ 0x1, \"a\" },\n")] // no end of the table
    [InlineData("\t{ 0x1, \"a\\\"b\" },\n};\n")] // a name C would have to unescape
    [InlineData("\t{ 0x1, \"a\" },\n};\nMODULE_INFO(depends, \"a\\\\b\");\n")] // an escaped modinfo value
    public void RefusesWhatItWouldHaveToInterpret(string rest)
    {
        var perModule = "static const struct modversion_info ____versions[]\n__used __section(\"__versions\") = {\n" + rest;
        Assert.Null(ModpostSource.PerModuleSource(perModule));
    }

    [Fact]
    public void AModCWithoutVersionsIsNotSplit() => Assert.Null(ModpostSource.Split(Common));
}
