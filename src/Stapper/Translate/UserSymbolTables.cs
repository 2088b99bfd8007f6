using System.Globalization;
using System.Text;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Elaborate.Providers;

namespace Stapper.Translate;

/// <summary>
/// The user-space symbol and unwind tables a module embeds when it calls usymname(), ubacktrace() and friends
/// (functions marked <c>/* pragma:usymbols */</c>), as stap's -d data: for every file a process probe names, each
/// -d file and the -c program, with --ldd their shared libraries, and the kernel's vDSO. Emitted as C arrays of the types in
/// runtime/stp_usymtab.h; the run-time lookups are runtime/stp_usymbols.h and stp_uunwind.h.
/// </summary>
internal static class UserSymbolTables
{
    public static string Declarations(ElaboratedProgram program, TranslateOptions options, DiagnosticBag diagnostics)
    {
        // As stap, a -d file that cannot be read is named whether or not the tables are needed.
        foreach (var missing in options.SymbolFiles.Where(f => !File.Exists(f)))
        {
            diagnostics.Warning("translate.missing-symbols", $"missing unwind/symbol data for module '{missing}'", null);
        }
        if (!program.Functions.Any(f => f.Embedded is { ReadsUserSymbols: true }))
        {
            return "";
        }
        var lines = program.Functions.Any(f => f.Embedded is { ReadsLines: true });
        var c = new StringBuilder();
        c.Append("#include \"stp_usymtab.h\"\n");
        var tables = new List<UserSymbolTable>();
        foreach (var file in Files(program, options))
        {
            if (UserSymbolTable.Open(file) is { } table)
            {
                tables.Add(table);
            }
            else
            {
                diagnostics.Warning("translate.missing-symbols", $"missing unwind/symbol data for module '{file}'", null);
            }
        }
        // The vDSO last, by stap's name for its mapping; its lines are read from the image itself.
        var sources = tables.Select(t => t.Path).ToList();
        if (options.VdsoImage is { } vdso && KernelVdso.Table(vdso) is { } vdsoTable)
        {
            tables.Add(vdsoTable);
            sources.Add(vdso);
        }
        var lineTables = new List<UserLineTable?>();
        for (var i = 0; i < tables.Count; i++)
        {
            Emit(c, i, tables[i]);
            lineTables.Add(lines && UserBinary.Open(sources[i])?.DwarfPath is { } dwarf ? UserLineTable.Read(dwarf, sources[i]) : null);
            EmitLines(c, i, lineTables[i]);
        }
        c.Append("static const struct stp_ufile stp_ufiles[] = {\n");
        for (var i = 0; i < tables.Count; i++)
        {
            var t = tables[i];
            c.Append(CultureInfo.InvariantCulture,
                $"\t{{ {CNames.StringLiteral(t.Path)}, {Array("stp_useg", i, t.Segments.Count)}, {t.Segments.Count}, {Array("stp_usym", i, t.Symbols.Count)}, {t.Symbols.Count}, {Array("stp_ucfi", i, t.Frames.Count)}, {t.Frames.Count}, {Array("stp_uline", i, lineTables[i]?.Rows.Count ?? 0)}, {lineTables[i]?.Rows.Count ?? 0}, {Array("stp_usrc", i, lineTables[i]?.Files.Count ?? 0)}, {CNames.StringLiteral(t.BuildId)} }},\n");
        }
        c.Append("\t{ NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, NULL }\n};\n");
        c.Append(CultureInfo.InvariantCulture, $"#define STP_NUFILES {tables.Count}\n");
        return c.ToString();
    }

    private static string Array(string prefix, int index, int count) =>
        count == 0 ? "NULL" : prefix + "_" + index.ToString(CultureInfo.InvariantCulture);

    private static void Emit(StringBuilder c, int index, UserSymbolTable t)
    {
        c.Append(CultureInfo.InvariantCulture, $"/* {t.Path.Replace("*/", "*\\/", StringComparison.Ordinal)} */\n");
        if (t.Segments.Count > 0)
        {
            c.Append(CultureInfo.InvariantCulture, $"static const struct stp_useg stp_useg_{index}[] = {{\n");
            foreach (var s in t.Segments)
            {
                c.Append(CultureInfo.InvariantCulture, $"\t{{ 0x{s.VirtualAddress:x}UL, 0x{s.Offset:x}UL, 0x{s.FileSize:x}UL }},\n");
            }
            c.Append("};\n");
        }
        if (t.Symbols.Count > 0)
        {
            c.Append(CultureInfo.InvariantCulture, $"static const struct stp_usym stp_usym_{index}[] = {{\n");
            foreach (var s in t.Symbols)
            {
                c.Append(CultureInfo.InvariantCulture, $"\t{{ 0x{s.Address:x}UL, {CNames.StringLiteral(s.Name)} }},\n");
            }
            c.Append("};\n");
        }
        var frames = t.Frames.Where(f => f.Start <= uint.MaxValue).ToList();
        if (frames.Count > 0)
        {
            c.Append(CultureInfo.InvariantCulture, $"static const struct stp_ucfi stp_ucfi_{index}[] = {{\n");
            foreach (var f in frames)
            {
                var flags = (f.Unknown ? 1 : 0) | (f.Outermost ? 2 : 0) | (f.RbpSaved ? 4 : 0);
                c.Append(CultureInfo.InvariantCulture, $"\t{{ 0x{f.Start:x}, {f.CfaOffset}, {f.RbpOffset}, {f.CfaRegister}, {flags} }},\n");
            }
            c.Append("};\n");
        }
    }

    /// <summary>The line rows and source names of file <paramref name="index"/>, when the program reads lines and the file has DWARF.</summary>
    private static void EmitLines(StringBuilder c, int index, UserLineTable? lines)
    {
        if (lines is not { Rows.Count: > 0 })
        {
            return;
        }
        c.Append(CultureInfo.InvariantCulture, $"static const char *const stp_usrc_{index}[] = {{\n");
        foreach (var f in lines.Files)
        {
            c.Append(CultureInfo.InvariantCulture, $"\t{CNames.StringLiteral(f)},\n");
        }
        c.Append("};\n");
        c.Append(CultureInfo.InvariantCulture, $"static const struct stp_uline stp_uline_{index}[] = {{\n");
        foreach (var r in lines.Rows)
        {
            c.Append(CultureInfo.InvariantCulture, $"\t{{ 0x{r.Address:x}UL, {r.Line}, {r.File} }},\n");
        }
        c.Append("};\n");
    }

    /// <summary>The files, each once by its real path, in stap's order of discovery: probed ones, -d and -c, then --ldd's.</summary>
    internal static IReadOnlyList<string> Files(ElaboratedProgram program, TranslateOptions options)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string? path)
        {
            if (path is not null && File.Exists(path) && seen.Add(ProcessPath.RealPath(path)))
            {
                files.Add(ProcessPath.RealPath(path));
            }
        }
        foreach (var site in program.Probes.SelectMany(p => p.Sites))
        {
            Add(site switch
            {
                UprobeSite u => u.Path,
                ProcessLifecycleSite l => l.Path,
                ProcessSyscallSite s => s.Path,
                _ => null,
            });
        }
        foreach (var path in options.SymbolFiles)
        {
            Add(path);
        }
        if (options.SharedLibraries)
        {
            foreach (var library in files.ToList().SelectMany(NeededLibraries.Of))
            {
                Add(library);
            }
        }
        return files;
    }
}
