using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.Elaborate;
using Stapper.Matching;

namespace Stapper.Cli;

/// <summary>Statement and label probe points from the DWARF of vmlinux (-dbg package) or of a module (its debug .ko).</summary>
internal sealed partial class KernelSymbols
{
    private readonly Dictionary<string, (DwarfFile Dwarf, StatementAddress Symbols)?> _lineInfo = new(StringComparer.Ordinal);

    /// <summary>The DWARF and function symbols of vmlinux ("kernel") or a module, opened once; null without DWARF.</summary>
    private (DwarfFile Dwarf, StatementAddress Symbols)? LineInfo(string? module)
    {
        var key = module ?? "kernel";
        lock (_lineInfo)
        {
            if (_lineInfo.TryGetValue(key, out var known))
            {
                return known;
            }
            (DwarfFile, StatementAddress)? opened = null;
            try
            {
                var dwarf = module is null ? _dwarf.Value : info.ModuleDwarf(module);
                if (dwarf is not null)
                {
                    opened = (dwarf, new StatementAddress(dwarf.Elf));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
            {
            }
            _lineInfo[key] = opened;
            return opened;
        }
    }

    public KernelStatements? Statements(string? module, string function, string file, LineSpec lines, bool nearest)
    {
        if (LineInfo(module) is not var (dwarf, symbols))
        {
            return null;
        }
        // stap (dwflpp::collect_srcfiles_matching): the pattern, or "*/" and the pattern, without FNM_PATHNAME.
        bool Matches(string path) => Glob.Match(file, path) || Glob.Match("*/" + file, path);
        var found = DwarfStatements.Find(dwarf, function, Matches, lines, nearest);
        if (found.Error is not null)
        {
            return new KernelStatements([], found.Error);
        }
        var sites = new List<KernelStatement>();
        foreach (var line in found.Lines)
        {
            if (KprobeFile(line.File) && symbols.Of(line.Address, StatementAddress.OuterFunction(line.Scope)) is { } at)
            {
                sites.Add(WithVariables(new KernelStatement(line.Function, line.File, line.Line, at.Symbol, at.Offset), line.Scope, line.Address, module));
            }
        }
        return new KernelStatements(sites);
    }

    public KernelStatements? StatementAt(ulong address)
    {
        if (LineInfo(null) is not var (dwarf, symbols))
        {
            return null;
        }
        if (symbols.Of(address, null) is not { } at)
        {
            return new KernelStatements([]);
        }
        var name = at.Symbol.Split('.')[0];
        foreach (var f in dwarf.FunctionsMatching(name))
        {
            if (!f.Ranges.Any(r => r.Contains(address)) || dwarf.LineProgram(f.Die.Unit) is not { } program)
            {
                continue;
            }
            ulong? before = null;
            foreach (var r in program.Rows)
            {
                if (r.EndSequence)
                {
                    continue;
                }
                if (r.Address == address)
                {
                    return new KernelStatements([new KernelStatement(name, program.File(r.File)?.Path ?? "", r.Line, at.Symbol, at.Offset)]);
                }
                if (r.Address < address && (before is null || r.Address > before))
                {
                    before = r.Address;
                }
            }
            return new KernelStatements([], $"address 0x{address:x} does not match the beginning of a statement"
                + (before is { } b ? $" (try 0x{b:x})" : ""));
        }
        return new KernelStatements([]);
    }

    public KernelStatements? Labels(string? module, string function, string label)
    {
        if (LineInfo(module) is not var (dwarf, symbols))
        {
            return null;
        }
        var sites = new List<KernelStatement>();
        LineSpec.TrySplit(function, out var name, out var file, out _);
        var functions = file is null ? dwarf.FunctionsMatching(name)
            : dwarf.FunctionsDeclaredIn(name, path => Glob.Match(file, path) || Glob.Match("*/" + file, path));
        foreach (var f in functions)
        {
            if (f.Name is not { } found || f.DeclFile is not { } declared || !KprobeFile(declared))
            {
                continue;
            }
            foreach (var d in Descendants(f.Die))
            {
                if (d.Tag == DwTag.Label && d.Name is { } l && Glob.Match(label, l) && d.LowPc is { } pc
                    && symbols.Of(pc, found) is { } at)
                {
                    sites.Add(new KernelStatement(found, declared, (int)(d.ConstantAttr(DwAt.DeclLine) ?? 0), at.Symbol, at.Offset, l));
                }
            }
        }
        return new KernelStatements(sites);
    }

    /// <summary>The variables visible at <paramref name="pc"/> in <paramref name="scope"/>, as a prototype's parameters.</summary>
    private static KernelStatement WithVariables(KernelStatement statement, DwarfDie scope, ulong pc, string? module)
    {
        var variables = StatementVariables.At(scope, pc);
        var parameters = variables.Select((v, i) => new ParameterInfo(i, v.Name, v.Type)).ToList();
        var prototype = new RenamedPrototype(DwarfTypeInfo.Of(scope.Origin()), parameters);
        return statement with { Scope = new FunctionInfo(statement.Function, module ?? "kernel", prototype, ""), Variables = variables, Pc = pc };
    }

    private static IEnumerable<DwarfDie> Descendants(DwarfDie die)
    {
        foreach (var c in die.Children)
        {
            yield return c;
            if (c.Tag is DwTag.LexicalBlock)
            {
                foreach (var d in Descendants(c))
                {
                    yield return d;
                }
            }
        }
    }

    private static bool KprobeFile(string file) => !Elaborate.Providers.KprobeBlocklist.BlocksFile(file);
}
