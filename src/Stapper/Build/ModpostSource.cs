using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Stapper.Build;

/// <summary>
/// The NAME.mod.c modpost writes, in two parts. The first (headers, __this_module, the name and vermagic modinfo)
/// reads no symbol of the module, only KBUILD_MODNAME: a replay compiles it with the module's own C, so no second
/// compile pays for the kernel headers again. The rest (the symbol versions modpost found and the depends line)
/// is compiled as a few lines of C without any header.
/// </summary>
internal static partial class ModpostSource
{
    private const string VersionsStart = "static const struct modversion_info ____versions[]";

    /// <summary>modversion_info on 64-bit: an unsigned long CRC, then the name in MODULE_NAME_LEN (64 - 8) bytes.</summary>
    private const int NameLength = 56;

    /// <summary>The part before the symbol versions, and the rest; null when modpost wrote no versions table.</summary>
    public static (string Common, string PerModule)? Split(string modC)
    {
        var at = modC.IndexOf("\n" + VersionsStart, StringComparison.Ordinal);
        return at < 0 ? null : (modC[..(at + 1)], modC[(at + 1)..]);
    }

    /// <summary>
    /// The per-module part as C that reads no header, which the compiler turns into the same __versions entries and
    /// .modinfo strings (and property notes) as modpost's text; null when it holds anything but the versions table
    /// and MODULE_INFO lines.
    /// </summary>
    public static string? PerModuleSource(string perModule)
    {
        var versions = new List<(ulong Crc, string Name)>();
        var modinfo = new List<string>();
        var lines = perModule.Split('\n');
        var i = 0;
        if (lines.Length < 2 || lines[0] != VersionsStart || lines[1] != "__used __section(\"__versions\") = {")
        {
            return null;
        }
        for (i = 2; i < lines.Length && lines[i] != "};"; i++)
        {
            var m = VersionLine().Match(lines[i]);
            if (!m.Success || m.Groups[2].Value.Length >= NameLength)
            {
                return null;
            }
            versions.Add((ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), m.Groups[2].Value));
        }
        if (i == lines.Length)
        {
            return null;
        }
        foreach (var line in lines.Skip(i + 1).Where(l => l.Trim().Length > 0))
        {
            var m = ModinfoLine().Match(line);
            if (!m.Success)
            {
                return null;
            }
            modinfo.Add(m.Groups[1].Value + "=" + m.Groups[2].Value);
        }
        var s = new StringBuilder("/* modpost's symbol versions and modinfo for this module (Build/ModpostSource) */\n");
        s.Append(CultureInfo.InvariantCulture, $"struct stp_modversion {{ unsigned long crc; char name[{NameLength}]; }};\n");
        s.Append("static const struct stp_modversion ____versions[] __attribute__((used, section(\"__versions\"))) = {\n");
        foreach (var (crc, name) in versions)
        {
            s.Append(CultureInfo.InvariantCulture, $"\t{{ 0x{crc:x}, \"{name}\" }},\n");
        }
        s.Append("};\n");
        foreach (var (entry, n) in modinfo.Select((e, n) => (e, n)))
        {
            s.Append(CultureInfo.InvariantCulture, $"static const char stp_modinfo_{n}[] __attribute__((used, section(\".modinfo\"), aligned(1))) = \"{entry}\";\n");
        }
        return s.ToString();
    }

    [GeneratedRegex("""^\t\{ +0x([0-9a-f]{1,16}), "([A-Za-z0-9_.$]+)" \},$""")]
    private static partial Regex VersionLine();

    /// <summary>MODULE_INFO(key, "value") with a plain value: no escapes, no quotes.</summary>
    [GeneratedRegex("""^MODULE_INFO\(([a-z_]+), "([^"\\]*)"\);$""")]
    private static partial Regex ModinfoLine();
}
