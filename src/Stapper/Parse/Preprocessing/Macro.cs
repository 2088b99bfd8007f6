using Stapper.Parse.Lexing;

namespace Stapper.Parse.Preprocessing;

/// <summary>An <c>@define</c>d macro, or a macro parameter bound at an invocation (a closure).</summary>
internal sealed class Macro(string name, Token nameToken, List<string> parameters)
{
    public string Name { get; } = name;
    public Token NameToken { get; } = nameToken;
    public List<string> Parameters { get; } = parameters;
    public List<Token> Body { get; } = [];
    public bool FromLibrary { get; set; }

    /// <summary>For a parameter: the activation whose parameters its body sees.</summary>
    public MacroActivation? Parent { get; init; }
    public bool IsClosure { get; init; }
}

/// <summary>One macro being expanded: where we are in its body, and its bound parameters.</summary>
internal sealed class MacroActivation(Token invocation, Macro macro)
{
    public Token Invocation { get; } = invocation;
    public Macro Macro { get; } = macro;
    public int Cursor { get; set; }
    public Dictionary<string, Macro> Parameters { get; set; } = new();
}
