using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse.Lexing;
using Stapper.Parse.Preprocessing;

namespace Stapper.Parse;

/// <summary>Pass 1: preprocess and parse the tapsets and the script. Never throws on bad input.</summary>
public sealed partial class ParsePass
{
    /// <summary>The parser recurses; it runs on a thread with this much stack so its depth limit, not the stack, decides.</summary>
    private const int StackSize = 64 * 1024 * 1024;

    /// <summary>
    /// Make stap's parse-time privilege checks: without guru mode, embedded C, <c>@const</c>,
    /// <c>@kregister</c> and <c>@kderef</c> in the user script are parse errors ("embedded code in
    /// unprivileged script; need stap -g"). Off by default, leaving them to pass 2.
    /// </summary>
    public bool CheckPrivilege { get; init; }

    public ParseResult Run(ParseInput input)
    {
        ParseResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunCore(input);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, StackSize);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            // A bug in the parser, not in the input: report it as a diagnostic rather than crash.
            var bag = new DiagnosticBag();
            bag.Error("parse.internal", "parse error", $"internal parser error: {failure.Message}", null);
            return new ParseResult(null, [], bag.ToImmutable());
        }
        return result!;
    }

    /// <summary>Parses one file as a user script against no tapsets; the tree is returned even with errors.</summary>
    public SyntaxTree ParseScript(SourceFile file, PreprocessorContext context, out ImmutableArray<Diagnostic> diagnostics)
    {
        SyntaxTree? tree = null;
        var bag = new DiagnosticBag();
        var thread = new Thread(() =>
        {
            try
            {
                var parser = NewParser(file, context, new Dictionary<string, Macro>(), bag, isTapset: false);
                tree = new SyntaxTree(file, parser.ParseFile(), false);
                CheckEmpty(parser, file, bag);
            }
            catch (Exception e)
            {
                bag.Error("parse.internal", "parse error", $"internal parser error: {e.Message}", null);
            }
        }, StackSize);
        thread.Start();
        thread.Join();
        diagnostics = bag.ToImmutable();
        return tree ?? new SyntaxTree(file, [], false);
    }

    private Parser NewParser(SourceFile file, PreprocessorContext context, IReadOnlyDictionary<string, Macro> library,
        DiagnosticBag bag, bool isTapset) =>
        new Parser(file, context, library, bag, isTapset)
            .WithArgumentCount(context.ScriptArguments.IsDefault ? 0 : context.ScriptArguments.Length)
            .WithPrivilege(CheckPrivilege, isTapset || context.GuruMode);

    private static void CheckEmpty(Parser parser, SourceFile file, DiagnosticBag bag)
    {
        if (parser.ErrorCount == 0 && !parser.HadDeclarations)
        {
            var message = parser.SawTokens
                ? $"Input file '{file.Path}' is empty after preprocessing."
                : $"Input file '{file.Path}' is empty.";
            bag.Error("parse.empty", "parse error", message, null);
        }
    }

    /// <summary>
    /// ParseInput.Tapsets, read already, is the library with every file parsed: each file is one that pass 1 must
    /// parse (TapsetDeclarations.Unknown), in its order.
    /// </summary>
    private ParseResult RunCore(ParseInput input) =>
        RunOnLibrary(input.Library.IsDefault
            ? input with { Library = [.. (input.Tapsets.IsDefault ? [] : input.Tapsets).Select(f => new LibraryFile(f.Path, TapsetDeclarations.Unknown, () => f))] }
            : input);

    /// <summary>The library's <c>@define</c>s (its .stpm files), which every file sees; a name defined twice keeps the first.</summary>
    private void ParseMacroFiles(IEnumerable<SourceFile> files, PreprocessorContext context, Dictionary<string, Macro> library, DiagnosticBag bag)
    {
        foreach (var file in files)
        {
            var parser = NewParser(file, context, library, bag, isTapset: true);
            if (!parser.ParseLibraryMacros())
            {
                continue;
            }
            var duplicate = parser.DefinedMacros.FirstOrDefault(m => library.ContainsKey(m.Name));
            if (duplicate is not null)
            {
                bag.Add(new Diagnostic(Severity.Warning, "parse.duplicate-macro", "parse error",
                    $"duplicate definition of library macro '@{duplicate.Name}'", duplicate.NameToken.Span,
                    duplicate.NameToken.Describe(), "at"));
                continue;
            }
            foreach (var m in parser.DefinedMacros)
            {
                m.FromLibrary = true;
                library[m.Name] = m;
            }
        }
    }

    /// <summary>The user script's tree, or null when it had errors or nothing in it; the identifiers it read go to a set.</summary>
    private SyntaxTree? ParseUserScript(ParseInput input, Dictionary<string, Macro> library, DiagnosticBag bag, HashSet<string> identifiers)
    {
        var parser = NewParser(input.Script, input.Context, library, bag, isTapset: false).Record(identifiers);
        var decls = parser.ParseFile();
        CheckEmpty(parser, input.Script, bag);
        return parser.ErrorCount == 0 && parser.HadDeclarations ? new SyntaxTree(input.Script, decls, false) : null;
    }
}
