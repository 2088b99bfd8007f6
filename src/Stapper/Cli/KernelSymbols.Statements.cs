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
                if (DwarfOf(module) is { } dwarf)
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
                sites.Add(WithVariables(new KernelStatement(line.Function, line.File, line.Line, at.Symbol, at.Offset), line.Scope, line.Address, module, at.Section));
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
        return DwarfStatements.At(dwarf, name, address) switch
        {
            ({ } line, _) => new KernelStatements([WithVariables(new KernelStatement(name, line.File, line.Line, at.Symbol, at.Offset), line.Scope, address, null, at.Section)]),
            (_, { } error) => new KernelStatements([], error),
            _ => new KernelStatements([]),
        };
    }

    public KernelStatements? Labels(string? module, string function, string label)
    {
        if (LineInfo(module) is not var (dwarf, symbols))
        {
            return null;
        }
        var sites = new List<KernelStatement>();
        foreach (var l in DwarfLabels.Find(dwarf, function, label))
        {
            if (KprobeFile(l.File) && symbols.Of(l.Address, l.FunctionName) is { } at)
            {
                sites.Add(WithVariables(new KernelStatement(l.FunctionName, l.File, l.Line, at.Symbol, at.Offset, l.Name), l.Function.Die, l.Address, module, at.Section));
            }
        }
        return new KernelStatements(sites);
    }

    /// <summary>vmlinux's inlined function names, from the cache (built once per vmlinux: a pass over its DWARF).</summary>
    private Lazy<InlinedFunctionIndex> InlinedIndex => _inlinedIndex ??= new(() => InlinedFunctionIndex.Of(_dwarf.Value!));

    private Lazy<InlinedFunctionIndex>? _inlinedIndex;

    public KernelStatements? InlinedInstances(string? module, string function)
    {
        // vmlinux's names come from the cached index: a name or wildcard with no inlined function reads no DWARF
        // (nor the symbol table that places instances).
        IReadOnlyDictionary<string, ulong[]>? origins = null;
        if (module is null && _dwarf.Value is not null && (origins = InlinedIndex.Value.Matching(function)).Count == 0)
        {
            return new KernelStatements([]);
        }
        if (LineInfo(module) is not var (dwarf, symbols))
        {
            return null;
        }
        var sites = new List<KernelStatement>();
        var probed = new HashSet<ulong>();
        var instances = origins is not null ? dwarf.InlinedInstances(origins.Values.SelectMany(o => o)) : dwarf.InlinedInstances(function);
        foreach (var instance in instances)
        {
            if (instance.Name is not { } name || instance.InstanceEntry is not { } entry || !probed.Add(entry))
            {
                continue;
            }
            var file = instance.DeclFile ?? "";
            if (KprobeFile(file) && symbols.Of(entry, StatementAddress.OuterFunction(instance.Die)) is { } at)
            {
                sites.Add(WithVariables(new KernelStatement(name, file, instance.DeclLine ?? 0, at.Symbol, at.Offset), instance.Die, entry, module, at.Section));
            }
        }
        return new KernelStatements(sites);
    }

    public KernelStatement? FunctionEntry(string symbol, string? module)
    {
        if (LineInfo(module) is not var (dwarf, symbols))
        {
            return null;
        }
        foreach (var f in dwarf.FunctionsMatching(symbol.Split('.')[0]))
        {
            if (f.Die.Tag == DwTag.Subprogram && f.EntryPc is { } entry && symbols.Of(entry, null) is { Offset: 0 } at && at.Symbol == symbol)
            {
                return WithVariables(new KernelStatement(f.Name ?? symbol, f.DeclFile ?? "", f.DeclLine ?? 0, symbol, 0), f.Die, entry, module, at.Section);
            }
        }
        return null;
    }

    /// <summary>The variables visible at <paramref name="pc"/> in <paramref name="scope"/>, as a prototype's parameters.</summary>
    private static KernelStatement WithVariables(KernelStatement statement, DwarfDie scope, ulong pc, string? module, uint section)
    {
        var (prototype, variables) = StatementVariables.Scope(scope, pc, statement.Function, module ?? "kernel", () => scope.Unit.File.CallFramesIn(section));
        return statement with { Scope = prototype, Variables = variables, Pc = pc };
    }

    private static bool KprobeFile(string file) => !Elaborate.Providers.KprobeBlocklist.BlocksFile(file);
}
