using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

/// <summary>
/// The globals and functions visible to the script: its own, then the tapsets'. Using a tapset
/// symbol pulls its whole file in (globals, functions, probes and embedded C), as stap does.
/// </summary>
internal sealed class ProgramSymbols
{
    private readonly TapsetLibrary _library;
    private readonly HashSet<SyntaxTree> _pulled = new();

    public ProgramSymbols(SyntaxTree script, TapsetLibrary library)
    {
        _library = library;
        Add(script, fromTapset: false);
    }

    public Dictionary<string, GlobalSymbol> Globals { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<FunctionSymbol>> Functions { get; } = new(StringComparer.Ordinal);

    /// <summary>Tapset files pulled in so far, in the order they were pulled (their probes and %{ %} go in too).</summary>
    public List<SyntaxTree> PulledFiles { get; } = new();

    public GlobalSymbol? FindGlobal(string name)
    {
        if (Globals.TryGetValue(name, out var global))
        {
            return global;
        }
        if (_library.Global(name) is { } found)
        {
            Pull(found.File);
            return Globals.GetValueOrDefault(name);
        }
        return null;
    }

    /// <summary>The expression each @entry capture global holds (EntryCapture): a value popped from it keeps the
    /// expression's C type, so <c>@entry($p)->m</c> and a local assigned from <c>@entry($p)</c> autocast.</summary>
    public Dictionary<string, Expression> EntryOperands { get; } = new(StringComparer.Ordinal);

    /// <summary>Functions by name and arity; a tapset overload is pulled in on first use.</summary>
    /// <summary>The @defined expressions found true in an earlier binding (see the binder's DefinedExpression), each
    /// with the probe point of the target-variable site it was bound for (null outside one).</summary>
    public HashSet<(string?, SourceSpan, SourceSpan)> DefinedTrue { get; init; } = [];

    public FunctionSymbol? FindFunction(string name, int arity)
    {
        if (Functions.TryGetValue(name, out var list) && list.FirstOrDefault(f => f.Declaration.Parameters.Length == arity) is { } f)
        {
            return f;
        }
        foreach (var (declaration, file) in _library.Functions(name))
        {
            if (declaration.Parameters.Length == arity)
            {
                Pull(file);
                return Functions[name].First(x => x.Declaration.Parameters.Length == arity);
            }
        }
        return null;
    }

    public bool HasFunctionNamed(string name) => Functions.ContainsKey(name) || _library.Functions(name).Count > 0;

    /// <summary>The first declaration of NAME, the script's or the library's (pulled or not), for stap's arity message.</summary>
    public FunctionDeclaration? FirstDeclarationNamed(string name) =>
        Functions.GetValueOrDefault(name)?.FirstOrDefault()?.Declaration ?? _library.Functions(name).Select(f => f.Declaration).FirstOrDefault();

    public IEnumerable<string> AllFunctionNames => Functions.Keys.Concat(_library.FunctionNames).Distinct();

    /// <summary>The function names a call in file PATH can see: a name whose every declaration is private to another
    /// file is left out, as stap leaves it out of its suggestions.</summary>
    public IEnumerable<string> FunctionNamesVisibleFrom(string path) => AllFunctionNames.Where(name =>
        Functions.GetValueOrDefault(name, []).Select(f => f.Declaration).Concat(_library.Functions(name).Select(f => f.Declaration))
            .Any(d => !d.IsPrivate || d.Span.File.Path == path));

    public void Pull(SyntaxTree file)
    {
        if (_pulled.Add(file))
        {
            PulledFiles.Add(file);
            Add(file, fromTapset: true);
        }
    }

    private void Add(SyntaxTree file, bool fromTapset)
    {
        foreach (var declaration in file.Declarations)
        {
            switch (declaration)
            {
                case GlobalDeclaration g:
                    Globals.TryAdd(g.Name, new GlobalSymbol(g, fromTapset));
                    break;
                case FunctionDeclaration f:
                    if (!Functions.TryGetValue(f.Name, out var list))
                    {
                        Functions[f.Name] = list = new();
                    }
                    list.Add(new FunctionSymbol(f, fromTapset));
                    break;
            }
        }
    }
}
