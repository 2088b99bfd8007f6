using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse.Preprocessing;

namespace Stapper.Parse;

/// <summary>
/// Pass 1 over a library index (ParseInput.Library): the macro files, the script, then each tapset file whose
/// declarations its identifiers or probe points may name, then the files those name, until none is added. Pass 2
/// pulls a file into the program by what it resolves, so the files parsed here need only include those it would
/// pull in. A file whose declarations are unknown is always parsed: with every file so, this is the whole library.
/// </summary>
public sealed partial class ParsePass
{
    /// <summary>Probe points are matched against alias names by this many leading components (a wider match).</summary>
    private const int MatchedComponents = 2;

    private ParseResult RunOnLibrary(ParseInput input)
    {
        var bag = new DiagnosticBag();
        var files = input.Library;
        var library = new Dictionary<string, Macro>();
        ParseMacroFiles(files.Where(f => f.IsMacroFile).Select(f => f.Read()), input.Context, library, bag);

        // stap reports the script's diagnostics after the library's.
        var scriptBag = new DiagnosticBag();
        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        var script = ParseUserScript(input, library, scriptBag, identifiers);
        var probePoints = new HashSet<string>(StringComparer.Ordinal);
        AddProbePoints(script?.Declarations ?? [], probePoints);

        var trees = new SyntaxTree?[files.Length];
        var read = new bool[files.Length];
        for (var added = true; added;)
        {
            added = false;
            var points = probePoints.Select(p => p.Split('.').ToImmutableArray()).ToList();
            for (var i = 0; i < files.Length; i++)
            {
                if (read[i] || files[i].IsMacroFile || !files[i].Declarations.Provides(identifiers, points))
                {
                    continue;
                }
                read[i] = added = true;
                var file = files[i].Read();
                var parser = NewParser(file, input.Context, library, bag, isTapset: true).Record(identifiers);
                var decls = parser.ParseFile();
                if (parser.ErrorCount == 0)
                {
                    trees[i] = new SyntaxTree(file, decls, true);
                }
                AddProbePoints(decls, probePoints);
            }
        }
        foreach (var d in scriptBag.ToImmutable())
        {
            bag.Add(d);
        }
        var scripts = Enumerable.Range(0, files.Length).Where(i => !files[i].IsMacroFile).ToList();
        return new ParseResult(script, [.. trees.OfType<SyntaxTree>()], bag.ToImmutable())
        {
            LibraryMacros = [.. library.Values.Select(m => new MacroDeclaration(m.Name, [.. m.Parameters], m.NameToken.Span))],
            LibraryScripts = scripts.Count,
            LibraryPartial = scripts.Any(i => !read[i]),
        };
    }

    /// <summary>The leading components of the probe points a file's probes and aliases name, as "a.b".</summary>
    private static void AddProbePoints(ImmutableArray<Declaration> declarations, HashSet<string> into)
    {
        foreach (var declaration in declarations)
        {
            var locations = declaration switch
            {
                ProbeDeclaration p => p.Points,
                AliasDeclaration a => a.Targets,
                _ => [],
            };
            foreach (var pp in locations)
            {
                into.Add(string.Join('.', pp.Components.Take(MatchedComponents).Select(c => c.Functor)));
            }
        }
    }
}
