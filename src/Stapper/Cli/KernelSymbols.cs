using Stapper.DebugInfo;
using Stapper.Elaborate;
using Stapper.Elaborate.TargetVariables;
using Stapper.Matching;

namespace Stapper.Cli;

/// <summary>
/// Pass 2's view of the target kernel's functions: its BTF (from /boot/vmlinuz-KVER, no debuginfo
/// package needed). Null when the kernel image cannot be read; names are then not checked.
/// </summary>
internal sealed partial class KernelSymbols(KernelDebugInfo info) : IKernelSymbols, IKernelTypes
{
    private readonly Lazy<IReadOnlyList<(TracepointDeclaration Declaration, FunctionInfo? Prototype)>> _tracepoints =
        new(() => ScanTracepoints(info));

    public IReadOnlyList<KernelTracepoint> Tracepoints =>
        _tracepoints.Value.Select(t => new KernelTracepoint(t.Declaration.System, t.Declaration.Name,
            t.Prototype?.Parameters.Count ?? 0, t.Prototype is not null)).ToList();

    public FunctionInfo? Tracepoint(string name) =>
        _tracepoints.Value.FirstOrDefault(t => t.Declaration.Name == name && t.Prototype is not null).Prototype;

    /// <summary>The build tree's trace headers, each name once, with its prototype from vmlinux's BTF when it has one.</summary>
    private static IReadOnlyList<(TracepointDeclaration, FunctionInfo?)> ScanTracepoints(KernelDebugInfo info)
    {
        try
        {
            if (TracepointHeaders.EventsDirectory(info.Release) is not { } dir)
            {
                return [];
            }
            return TracepointHeaders.Scan(dir)
                .Select(d => (d, TracepointPrototype.Find(info.Kernel, d)))
                .GroupBy(t => (t.d.System, t.d.Name))
                .Select(g => g.OrderBy(t => t.Item2 is null).First())
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
        {
            return [];
        }
    }

    public FunctionInfo? Function(string name, string? module) => Debug(module)?.Function(name);

    private readonly Lazy<IReadOnlyDictionary<string, SyscallDeclaration>> _syscalls = new(() =>
    {
        try
        {
            return SyscallPrototypes.Of(info.Release);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Dictionary<string, SyscallDeclaration>();
        }
    });

    /// <summary>
    /// BTF's <c>__do_sys_NAME</c> where the compiler kept it (the kernel's own parameter names), else the header's
    /// declaration with its types found in BTF; a type BTF lacks reads as a long.
    /// </summary>
    public FunctionInfo? Syscall(string name)
    {
        if (Function("__do_sys_" + name, null) is { } kept)
        {
            return kept;
        }
        if (!_syscalls.Value.TryGetValue(name, out var declaration) || NamedType("long int", null) is not { } fallback
            || Function("__x64_sys_" + name, null) is not { } wrapper)
        {
            return null;
        }
        var parameters = declaration.Parameters.Select((p, i) => new ParameterInfo(i, p.Name,
            SyscallPrototypes.ResolveType(p.Type, t => NamedType(t, null)) ?? fallback)).ToList();
        return new FunctionInfo("sys_" + name, "kernel", new RenamedPrototype(wrapper.Prototype, parameters), "");
    }

    public TypeInfo? NamedType(string name, string? module) => module switch
    {
        not null when module.StartsWith('<') => HeaderTypes.Find(module, name),
        not null when UserTypes.IsPath(module) => UserTypes.Find(module, name),
        _ => KernelTypeNames.Find(Debug(module), name),
    };

    private ModuleDebugInfo? Debug(string? module)
    {
        try
        {
            return module is null ? info.Kernel : info.Module(module);
        }
        catch (Exception e) when (e is IOException or DebugInfoFormatException or DebugInfoNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public bool HasFunction(string name) => info.HasFunction(name) && !BootOnly.Value.Contains(name);

    public bool IsBootOnly(string name) => BootOnly.Value.Contains(name);

    public IEnumerable<string> SuggestedFunctions(string? module, bool withInlined)
    {
        var dwarf = DwarfOf(module);
        if (dwarf is null)
        {
            return module is null ? FunctionsMatching("*") : ModuleFunctionsMatching(module, "*") ?? [];
        }
        var symbols = dwarf.Elf.Symbols().Where(s => s.Type == DebugInfo.Elf.ElfSymbolType.Func).Select(s => s.Name);
        return !withInlined ? symbols : symbols.Concat(module is null ? InlinedIndex.Value.Names : InlinedFunctionIndex.Of(dwarf).Names);
    }

    /// <summary>vmlinux's DWARF (<paramref name="module"/> null) or a module's debug .ko; null when missing or unreadable.</summary>
    private DebugInfo.Dwarf.DwarfFile? DwarfOf(string? module)
    {
        try
        {
            return module is null ? _dwarf.Value : info.ModuleDwarf(module);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
        {
            return null;
        }
    }

    public IEnumerable<string> BootOnlyMatching(string glob) => BootOnlyOrder.Value.Where(n => Matching.Glob.Match(glob, n));

    public string Release => info.Release;

    // A build tree's vmlinux may carry BTF only: DWARF is there when a candidate has .debug_info.
    public bool HasDwarf => _dwarf.Value is not null;

    public IEnumerable<string> FunctionsMatching(string glob) => info.FunctionsMatching(glob).Where(n => !BootOnly.Value.Contains(n));

    /// <summary>
    /// Functions only in <c>.init.*</c> or <c>.exit.*</c> sections, which stap never probes (freed after boot, or
    /// discarded): known from the -dbg vmlinux's symbol table; BTF, which lists them too, has no sections.
    /// </summary>
    private Lazy<IReadOnlySet<string>> BootOnly => _bootOnly ??= new(() => BootOnlyOrder.Value.ToHashSet(StringComparer.Ordinal));

    private Lazy<IReadOnlyList<string>> BootOnlyOrder => _bootOnlyOrder ??= new(() =>
        _dwarf.Value?.Elf is { } elf ? DebugInfo.BootOnlyFunctions.Of(elf) : []);

    private Lazy<IReadOnlySet<string>>? _bootOnly;

    private Lazy<IReadOnlyList<string>>? _bootOnlyOrder;

    public IReadOnlyList<string>? ModulesMatching(string glob) => info.ModulesMatching(glob).ToList();

    public IReadOnlyList<string>? ModuleFunctionsMatching(string module, string glob)
    {
        try
        {
            return info.Module(module)?.FunctionsMatching(glob).ToList();
        }
        catch (Exception e) when (e is IOException or DebugInfoFormatException or DebugInfoNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Opened once: the name index over its .debug_info is built on the first query of functions and serves the rest.
    private readonly Lazy<DebugInfo.Dwarf.DwarfFile?> _dwarf = new(() =>
    {
        try
        {
            return info.VmlinuxDwarf();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DebugInfoFormatException)
        {
            return null;
        }
    });

    public IReadOnlyList<SourceFunction>? FunctionsInFile(string glob, string file)
    {
        if (_dwarf.Value is not { } dwarf)
        {
            return null;
        }
        // stap (dwflpp::collect_srcfiles_matching): fnmatch without FNM_PATHNAME, the pattern or "*/" and the pattern.
        bool Matches(string path) => Glob.Match(file, path) || Glob.Match("*/" + file, path);
        return dwarf.FunctionsDeclaredIn(glob, Matches)
            .Where(f => f.Name is not null)
            .Select(f => new SourceFunction(f.Name!, f.DeclFile ?? "", f.DeclLine ?? 0))
            .ToList();
    }

    private readonly Dictionary<string, ILookup<string, string>?> _clones = new(StringComparer.Ordinal);

    public IReadOnlyList<string>? ClonesOf(string name, string? module)
    {
        ILookup<string, string>? index;
        lock (_clones)
        {
            if (!_clones.TryGetValue(module ?? "kernel", out index))
            {
                _clones[module ?? "kernel"] = index = ReadClones(LineInfo(module)?.Dwarf);
            }
        }
        return index is not null ? [.. index[name]] : null;
    }

    /// <summary>Function symbols with an .isra/.constprop suffix (not .part or .cold: those are pieces of a function,
    /// not its entry), by the name before the first dot.</summary>
    private static ILookup<string, string>? ReadClones(DebugInfo.Dwarf.DwarfFile? dwarf) =>
        dwarf?.Elf.Symbols()
            .Where(s => s.Type == DebugInfo.Elf.ElfSymbolType.Func && s.IsDefined && s.Name.IndexOf('.') > 0
                && (s.Name.Contains(".isra.", StringComparison.Ordinal) || s.Name.Contains(".constprop.", StringComparison.Ordinal))
                && !s.Name.Contains(".part.", StringComparison.Ordinal) && !s.Name.Contains(".cold", StringComparison.Ordinal))
            .Select(s => s.Name).Distinct().Order(StringComparer.Ordinal)
            .ToLookup(n => n[..n.IndexOf('.')], StringComparer.Ordinal);

    public static IKernelSymbols? Open(TargetKernel kernel)
    {
        try
        {
            return new KernelSymbols(KernelDebugInfo.Open(kernel.Release));
        }
        catch (Exception e) when (e is IOException or DebugInfoFormatException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
