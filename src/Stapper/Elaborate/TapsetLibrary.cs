using System.Collections.Immutable;
using Stapper.Parse;

namespace Stapper.Elaborate;

/// <summary>
/// Index of the tapset files: which file defines each function, global and probe alias. As in stap,
/// a file is pulled into the program whole (its globals, functions and probes) once the script uses
/// anything it defines.
/// </summary>
internal sealed class TapsetLibrary
{
    private readonly Dictionary<string, List<(FunctionDeclaration Declaration, SyntaxTree File)>> _functions = new();
    private readonly Dictionary<string, (GlobalDeclaration Declaration, SyntaxTree File)> _globals = new();
    private readonly List<(AliasDeclaration Declaration, SyntaxTree File)> _aliases = new();

    public TapsetLibrary(IEnumerable<SyntaxTree> files)
    {
        foreach (var file in files)
        {
            foreach (var declaration in file.Declarations)
            {
                switch (declaration)
                {
                    case FunctionDeclaration f:
                        if (!_functions.TryGetValue(f.Name, out var list))
                        {
                            _functions[f.Name] = list = new();
                        }
                        list.Add((f, file));
                        break;
                    case GlobalDeclaration g:
                        _globals.TryAdd(g.Name, (g, file));
                        break;
                    case AliasDeclaration a:
                        _aliases.Add((a, file));
                        break;
                }
            }
        }
    }

    public IReadOnlyList<(FunctionDeclaration Declaration, SyntaxTree File)> Functions(string name) =>
        _functions.TryGetValue(name, out var list) ? list : [];

    public IEnumerable<string> FunctionNames => _functions.Keys;

    public (GlobalDeclaration Declaration, SyntaxTree File)? Global(string name) =>
        _globals.TryGetValue(name, out var g) ? g : null;

    public IReadOnlyList<(AliasDeclaration Declaration, SyntaxTree File)> Aliases => _aliases;
}
