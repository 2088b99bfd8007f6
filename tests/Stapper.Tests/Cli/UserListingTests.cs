using Stapper.Cli;
using Stapper.Tests.DebugInfo;

namespace Stapper.Tests.Cli;

/// <summary>-L of a user program's statements: the types of its variables as stap 4.8 spells them.</summary>
public sealed class UserListingTests
{
    [Fact]
    public void AnArrayIsListedWithoutItsLengthAsStapDoes()
    {
        // stap 4.8 lists records.c's `char name[7]` as `$name:char[]` (tests/scripts/process/records.c, -L of its statements)
        var dir = Directory.CreateTempSubdirectory("stapper-array-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.c"), "int main(void)\n{\n\tchar name[7] = \"abcdef\";\n\treturn name[1];\n}\n");
            Oracle.RunIn(dir, "gcc", "-g", "-O0", "a.c", "-o", "a");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Assert.Equal(0, Driver.RunCore(["-L", $"process(\"{dir}/a\").statement(\"main@a.c:4\")"], stdout, stderr));
            Assert.Equal($"process(\"{dir}/a\").statement(\"main@{dir}/a.c:4\") $name:char[]\n", stdout.ToString());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
