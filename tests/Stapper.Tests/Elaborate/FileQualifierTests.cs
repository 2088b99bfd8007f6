using Stapper.Elaborate;
using Stapper.Matching;

namespace Stapper.Tests.Elaborate;

/// <summary>kernel.function("f@FILE"), .inline, .exported need DWARF: a clear error, never a match on the name alone.</summary>
public sealed class FileQualifierTests
{
    private sealed class Kernel(bool dwarf) : IKernelSymbols
    {
        public bool HasFunction(string name) => name == "vfs_read";

        public IEnumerable<string> FunctionsMatching(string glob) => new[] { "vfs_read" }.Where(f => Glob.Match(glob, f));

        public string Release => "9.9.9-test";

        public bool HasDwarf => dwarf;
    }

    private static string Errors(string script, bool dwarf) =>
        string.Concat(Elaboration.Run(script, new Kernel(dwarf)).Diagnostics.Where(d => d.IsError).Select(new Stapper.Diagnostics.DiagnosticRenderer().Render));

    [Fact]
    public void WithoutDwarfTheErrorNamesThePackage()
    {
        Assert.StartsWith(
            "semantic error: a source file qualifier (@FILE) needs the kernel's DWARF debuginfo, which is not installed (install linux-image-9.9.9-test-dbg): identifier 'kernel' at t.stp:1:7\n",
            Errors("probe kernel.function(\"*@fs/proc*.c\") { }", dwarf: false));
    }

    [Theory]
    [InlineData("probe kernel.function(\"vfs_read@fs/namei.c\") { }", "a source file qualifier (@FILE)")]
    [InlineData("probe kernel.function(\"vfs_read\").inline { }", ".inline")]
    [InlineData("probe kernel.function(\"vfs_read\").exported { }", ".exported")]
    public void WithDwarfItIsStillNoWiderMatch(string script, string what)
    {
        Assert.StartsWith("semantic error: " + what + " is not supported by this translator yet", Errors(script, dwarf: true));
    }

    [Fact]
    public void OptionalPointIsDropped()
    {
        Assert.Equal("", Errors("probe kernel.function(\"vfs_read@fs/read_write.c\") ?, begin { println(1) }", dwarf: false));
    }
}
