using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Translate.Regex;

namespace Stapper.Translate;

/// <summary>
/// Emits the C of one probe or function body: its frame's fields and its statements, one level in.
/// Expressions become C expressions (GNU statement expressions where they need temporaries or can
/// fail: a failure jumps to the current error label); strings live in MAXSTRINGLEN buffers in the
/// frame (locals, parameters, temporaries). The frame is <c>l</c>, the context <c>c</c>.
/// </summary>
internal sealed class BodyEmitter
{
    private readonly BodyFrame _frame;
    private readonly ExpressionEmitter _expressions;
    private readonly StatementEmitter _statements;

    /// <param name="actions">A probe body's bound on MAXACTION charges (<see cref="ActionBudget"/>), else null.</param>
    /// <param name="contextFree">Emit a <see cref="ContextFreeBody"/> for its runner's fast path.</param>
    /// <param name="globals">The program's globals, which embedded C's pragmas name (<see cref="GlobalMacros"/>).</param>
    public BodyEmitter(DiagnosticBag diagnostics, ScriptFunction? function, RegexTables regexes, IReadOnlySet<GlobalVariable> counters, IReadOnlyList<GlobalVariable> globals, int? actions = null, bool contextFree = false)
    {
        _frame = new BodyFrame(diagnostics) { ContextFree = contextFree };
        _expressions = new ExpressionEmitter(_frame, regexes, counters, globals);
        _statements = new StatementEmitter(_frame, _expressions, function, actions);
    }

    public IReadOnlyList<string> Fields => _frame.Fields;

    /// <summary>The statements written so far, without the last line's newline (a template places them).</summary>
    public string Code
    {
        get
        {
            var text = _frame.Writer.ToString();
            return text.EndsWith('\n') ? text[..^1] : text;
        }
    }

    public void AddField(string declaration) => _frame.AddField(declaration);

    public void DeclareLocal(LocalVariable v) => _frame.AddField(FrameSlot.Declaration(CNames.Local(v), v.Type));

    public void InitLocal(LocalVariable v) => Line(FrameSlot.Zero(CNames.Local(v), v.Type));

    public void Line(string statement) => _frame.Writer.Line(statement);

    public void Statement(BoundStatement s) => _statements.Statement(s);

    public string Expr(BoundExpression e) => _expressions.Expr(e);
}
