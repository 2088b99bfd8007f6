using System.Globalization;
using Stapper.Diagnostics;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// What the emitters of one probe or function body share: the frame's fields (locals, parameters,
/// temporaries), fresh C names, the label a failure jumps to (the innermost try's catch, else
/// <c>out</c>), the writer of its statements and the diagnostics.
/// </summary>
internal sealed class BodyFrame
{
    private readonly List<string> _fields = new();
    private readonly Stack<string> _errorLabels = new();
    private int _counter;

    public BodyFrame(DiagnosticBag diagnostics)
    {
        Diagnostics = diagnostics;
        _errorLabels.Push("out");
    }

    public DiagnosticBag Diagnostics { get; }

    /// <summary>The body runs inline in its runner without a context (<see cref="ContextFreeBody"/>): arguments come
    /// from the runner's <c>regs</c>/<c>args</c>, and nothing is charged to MAXACTION (the runner checks the bound).</summary>
    public bool ContextFree { get; init; }

    /// <summary>The body's statements; they sit inside their C function, one level in.</summary>
    public CodeWriter Writer { get; } = new() { Indent = 1 };

    public IReadOnlyList<string> Fields => _fields;

    public string ErrorLabel => _errorLabels.Peek();

    public string Id(string prefix) => prefix + (_counter++).ToString(CultureInfo.InvariantCulture);

    public void AddField(string declaration) => _fields.Add(declaration);

    /// <summary>A MAXSTRINGLEN buffer in the frame, for a string result that must outlive its expression.</summary>
    public string StringTemp()
    {
        var name = Id("__t");
        _fields.Add($"char {name}[MAXSTRINGLEN];");
        return "l->" + name;
    }

    public void EnterTry(string catchLabel) => _errorLabels.Push(catchLabel);

    /// <summary>What a catch does first: an abort() passes on to <paramref name="outer"/> (no catch stops it);
    /// an error is forgotten with the statements it was raised in (<paramref name="i"/> names an int the code may use).</summary>
    public static string ClearError(string i, string outer) =>
        $"if (unlikely(c->aborted)) {{ goto {outer}; }} "
        + $"c->last_error = NULL; for ({i} = c->nesting; {i} <= MAXNESTING; {i}++) c->last_stmt[{i}] = NULL;";

    public void LeaveTry() => _errorLabels.Pop();

    /// <summary>Raises stap's runtime error when the condition holds and jumps to the error label (or the given one).</summary>
    public string Check(string condition, string message, string where, string? label = null) =>
        $"if (unlikely({condition})) {{ stp_raise(c, {CNames.StringLiteral(message)}, {where}); goto {label ?? ErrorLabel}; }}";

    public void Unsupported(string what, SourceSpan span)
    {
        Diagnostics.Error("translate.unsupported", "semantic error", $"unsupported in translation: {what}", span);
    }
}

/// <summary>A frame field holding a script value: a string is a MAXSTRINGLEN buffer, anything else a 64-bit integer.</summary>
internal static class FrameSlot
{
    public static string Declaration(string field, StapType type) =>
        type == StapType.String ? $"char {field}[MAXSTRINGLEN];" : $"int64_t {field};";

    /// <summary>The statement emptying the field (through the frame pointer <c>l</c>).</summary>
    public static string Zero(string field, StapType type) =>
        type == StapType.String ? $"l->{field}[0] = 0;" : $"l->{field} = 0;";
}
