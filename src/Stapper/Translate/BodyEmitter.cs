using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Translate.Regex;

namespace Stapper.Translate;

/// <summary>
/// Emits the C of one probe or function body: its frame's fields and its code.
/// Expressions become C expressions (GNU statement expressions where they need temporaries or can
/// fail: a failure jumps to the current error label); strings live in MAXSTRINGLEN buffers in the
/// frame (locals, parameters, temporaries). The frame is <c>l</c>, the context <c>c</c>.
/// </summary>
internal sealed class BodyEmitter
{
    private readonly BodyFrame _frame;
    private readonly ExpressionEmitter _expressions;
    private readonly StatementEmitter _statements;

    public BodyEmitter(DiagnosticBag diagnostics, ScriptFunction? function, IReadOnlyDictionary<string, GlobalVariable> globals, RegexTables regexes)
    {
        _frame = new BodyFrame(diagnostics);
        _expressions = new ExpressionEmitter(_frame, globals, regexes);
        _statements = new StatementEmitter(_frame, _expressions, function);
    }

    public IReadOnlyList<string> Fields => _frame.Fields;

    public string Code => _frame.Writer.ToString();

    public CodeWriter Writer => _frame.Writer;

    public void AddField(string declaration) => _frame.AddField(declaration);

    public void DeclareLocal(LocalVariable v) => _frame.AddField(FrameSlot.Declaration(CNames.Local(v), v.Type));

    public void InitLocal(LocalVariable v) => _frame.Writer.Line(FrameSlot.Zero(CNames.Local(v), v.Type));

    public void Statement(BoundStatement s) => _statements.Statement(s);

    public string Expr(BoundExpression e) => _expressions.Expr(e);
}
