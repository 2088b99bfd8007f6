using System.Diagnostics;
using System.Text;
using Stapper.DebugInfo.Dwarf;

namespace Stapper.DebugInfo;

/// <summary>
/// Types of user-space C headers, for <c>@cast(p, "T", "&lt;sys/un.h&gt;")</c>: as stap does, the headers are compiled
/// (gcc -g, keeping unused types) and the object's DWARF read. Objects are cached by their headers under
/// ~/.cache/stapper/headers; a header that does not compile gives no types.
/// </summary>
public static class HeaderTypes
{
    /// <summary>The type named <paramref name="name"/> ("sockaddr_un", "struct timeval", "size_t") in the headers of
    /// <paramref name="module"/> ("&lt;sys/un.h&gt;&lt;stdio.h&gt;"), or null.</summary>
    public static TypeInfo? Find(string module, string name) => Compiled(module)?.FindCastType(name);

    /// <summary>The header names of a module spelled "&lt;a.h&gt;&lt;b.h&gt;", or none when it is not that form.</summary>
    public static IReadOnlyList<string> Headers(string module)
    {
        var headers = new List<string>();
        var rest = module;
        while (rest.StartsWith('<') && rest.IndexOf('>') is > 1 and var end)
        {
            headers.Add(rest[1..end]);
            rest = rest[(end + 1)..];
        }
        return rest.Length == 0 ? headers : [];
    }

    private static readonly Dictionary<string, DwarfFile?> Opened = new(StringComparer.Ordinal);

    private static DwarfFile? Compiled(string module)
    {
        lock (Opened)
        {
            if (!Opened.TryGetValue(module, out var dwarf))
            {
                Opened[module] = dwarf = Compile(Headers(module));
            }
            return dwarf;
        }
    }

    private static DwarfFile? Compile(IReadOnlyList<string> headers)
    {
        if (headers.Count == 0)
        {
            return null;
        }
        var source = string.Concat(headers.Select(h => $"#include <{h}>\n"));
        var key = Sha256.Hex(source)[..16];
        var dir = Path.Combine(Path.GetDirectoryName(KernelDebugInfoOptions.DefaultCacheDir())!, "headers");
        var obj = Path.Combine(dir, key + ".o");
        if (!File.Exists(obj))
        {
            Directory.CreateDirectory(dir);
            var temp = obj + "." + Environment.ProcessId + ".tmp";
            var start = new ProcessStartInfo("gcc")
            {
                RedirectStandardInput = true,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var a in (string[])["-g", "-fno-eliminate-unused-debug-types", "-c", "-x", "c", "-", "-o", temp])
            {
                start.ArgumentList.Add(a);
            }
            try
            {
                using var gcc = Process.Start(start)!;
                gcc.StandardInput.Write(source);
                gcc.StandardInput.Close();
                gcc.StandardOutput.ReadToEnd();
                gcc.StandardError.ReadToEnd();
                gcc.WaitForExit();
                if (gcc.ExitCode != 0)
                {
                    File.Delete(temp);
                    return null;
                }
                File.Move(temp, obj, overwrite: true);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
        try
        {
            return DwarfFile.Open(obj);
        }
        catch (Exception e) when (e is IOException or DebugInfoFormatException)
        {
            return null;
        }
    }
}
