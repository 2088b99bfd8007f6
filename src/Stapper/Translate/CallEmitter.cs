using System.Text;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// The C of a script function call: the arguments are evaluated in order, copied into the callee's
/// frame one nesting level down, then the callee runs; its error propagates to the caller's error label.
/// </summary>
internal sealed class CallEmitter(BodyFrame frame, ExpressionEmitter expressions)
{
    public string Call(BoundCall call)
    {
        var f = call.Function;
        var where = CNames.Where(call.Token.Length > 0 ? call.Token : $"identifier '{f.Name}'", call.TokenSpan);
        var sb = new StringBuilder("({ ");
        var callee = frame.Id("_f");
        var argNames = new List<string>();
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            var a = frame.Id("_a");
            argNames.Add(a);
            sb.Append(call.Arguments[i].Type == StapType.String ? $"const char *{a}; " : $"int64_t {a}; ");
        }
        sb.Append($"struct {CNames.FunctionFrame(f)} *{callee}; ");
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            sb.Append($"{argNames[i]} = {expressions.Expr(call.Arguments[i])}; ");
        }
        // stap 4.8 checks the depth in the callee's prologue: the error names the declaration.
        sb.Append(frame.Check("c->nesting >= MAXNESTING", "MAXNESTING exceeded", CNames.Where($"identifier '{f.Name}'", f.NameSpan))).Append(' ');
        sb.Append($"{callee} = &c->locals[c->nesting + 1].{CNames.FunctionUnionMember(f)}; ");
        for (var i = 0; i < call.Arguments.Length && i < f.Parameters.Length; i++)
        {
            var p = f.Parameters[i];
            sb.Append(p.Type == StapType.String
                ? $"stp_strcpy({callee}->{CNames.Local(p)}, {argNames[i]}); "
                : $"{callee}->{CNames.Local(p)} = {argNames[i]}; ");
        }
        sb.Append($"c->last_stmt[c->nesting] = {where}; c->last_stmt[c->nesting + 1] = NULL; ");
        sb.Append($"c->nesting++; {CNames.Function(f)}(c); c->nesting--; ");
        sb.Append($"if (unlikely(c->last_error)) goto {frame.ErrorLabel}; ");
        switch (f.ReturnType)
        {
            case StapType.String:
                {
                    var t = frame.StringTemp();
                    sb.Append($"(const char *)stp_strcpy({t}, {callee}->__retvalue); ");
                    break;
                }
            case StapType.Long:
                sb.Append($"{callee}->__retvalue; ");
                break;
            default:
                sb.Append($"(void){callee}; ");
                break;
        }
        sb.Append("})");
        return sb.ToString();
    }
}
