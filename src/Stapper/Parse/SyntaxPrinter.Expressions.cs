namespace Stapper.Parse;

// The expression half of the -p1 printer: operators, calls, target-variable chains.
public static partial class SyntaxPrinter
{
    private sealed partial class Writer
    {
        private static bool IsOperatorExpression(Expression e) => e is BinaryExpression or UnaryExpression
            or IncrementExpression or AssignmentExpression or TernaryExpression or InExpression
            || (e is NumberLiteral n && n.Text.StartsWith('-'));

        /// <summary>An operand: parenthesised when it is itself an operator expression.</summary>
        private void Operand(Expression e)
        {
            if (IsOperatorExpression(e))
            {
                W("(");
                Expr(e);
                W(")");
            }
            else
            {
                Expr(e);
            }
        }

        public void Expr(Expression e)
        {
            switch (e)
            {
                case NumberLiteral n:
                    W(n.Text);
                    break;
                case StringLiteral s:
                    W(Quote(s.Value));
                    break;
                case Identifier id:
                    W(id.Name);
                    break;
                case IndexExpression ix:
                    Expr(ix.Base);
                    W("[");
                    List(ix.Indexes);
                    W("]");
                    break;
                case FunctionCall call:
                    W(call.Name).W("(");
                    for (var i = 0; i < call.Arguments.Length; i++)
                    {
                        W(i > 0 ? ", " : "");
                        Expr(call.Arguments[i]);
                    }
                    W(")");
                    break;
                case BinaryExpression b:
                    Operand(b.Left);
                    W(" ").W(OperatorText.Spelling(b.Operator)).W(" ");
                    Operand(b.Right);
                    break;
                case UnaryExpression u:
                    W(u.Operator switch
                    {
                        UnaryOperator.Negate => "-",
                        UnaryOperator.Plus => "+",
                        UnaryOperator.LogicalNot => "!",
                        _ => "~",
                    });
                    Operand(u.Operand);
                    break;
                case IncrementExpression inc:
                    var op = inc.IsIncrement ? "++" : "--";
                    if (inc.IsPrefix)
                    {
                        W(op);
                        Operand(inc.Target);
                    }
                    else
                    {
                        Operand(inc.Target);
                        W(op);
                    }
                    break;
                case AssignmentExpression a:
                    Operand(a.Target);
                    W(" ").W(OperatorText.Spelling(a.Operator)).W(" ");
                    Operand(a.Value);
                    break;
                case TernaryExpression t:
                    Operand(t.Condition);
                    W(" ? ");
                    Operand(t.Then);
                    W(" : ");
                    Operand(t.Else);
                    break;
                case InExpression inx:
                    W("[");
                    for (var i = 0; i < inx.Keys.Length; i++)
                    {
                        W(i > 0 ? ", " : "");
                        if (inx.Keys[i] is { } key)
                        {
                            Operand(key);
                        }
                        else
                        {
                            W("*");
                        }
                    }
                    W("] in ");
                    Expr(inx.Array);
                    break;
                case AggregateExpression ag:
                    W(AggregateName(ag.Operator)).W("(");
                    Expr(ag.Operand);
                    foreach (var p in ag.Arguments)
                    {
                        W(", ");
                        Expr(p);
                    }
                    W(")");
                    break;
                case HistogramExpression h:
                    W(h.Kind == HistogramKind.Log ? "@hist_log(" : "@hist_linear(");
                    Expr(h.Operand);
                    foreach (var p in h.Parameters)
                    {
                        W(", ");
                        Expr(p);
                    }
                    W(")");
                    break;
                case TargetVariable tv:
                    W(tv.AddressOf ? "&" : "").W("$").W(tv.Name);
                    Components(tv.Components, tv.PrettyPrint);
                    break;
                case CastExpression c:
                    W(c.AddressOf ? "&" : "").W("@cast(");
                    Expr(c.Operand);
                    W(", ").W(Quote(c.TypeName));
                    if (c.Module is { } m)
                    {
                        W(", ").W(Quote(m));
                    }
                    W(")");
                    Components(c.Components, c.PrettyPrint);
                    break;
                case AtVarExpression av:
                    W(av.AddressOf ? "&" : "").W("@var(").W(Quote(av.Name));
                    if (av.Module is { } am)
                    {
                        W(", ").W(Quote(am));
                    }
                    W(")");
                    Components(av.Components, av.PrettyPrint);
                    break;
                case AutocastExpression ac:
                    W(ac.AddressOf ? "&" : "");
                    if (ac.Operand is Identifier)
                    {
                        // A bare name followed by '[' would read back as an array index.
                        W("(");
                        Expr(ac.Operand);
                        W(")");
                    }
                    else
                    {
                        Operand(ac.Operand);
                    }
                    Components(ac.Components, ac.PrettyPrint);
                    break;
                case DefinedExpression d:
                    W("@defined(");
                    Expr(d.Operand);
                    W(")");
                    break;
                case EntryExpression en:
                    W("@entry(");
                    Expr(en.Operand);
                    W(")");
                    break;
                case EnumExpression em:
                    W("@enum(").W(Quote(em.Name)).W(")");
                    break;
                case EnumNameExpression en:
                    W("@enumname(");
                    Expr(en.Operand);
                    if (en.TypeName is not null)
                    {
                        W(", ").W(Quote(en.TypeName));
                    }
                    if (en.Module is not null)
                    {
                        W(", ").W(Quote(en.Module));
                    }
                    W(")");
                    break;
                case PerfExpression pf:
                    W("@perf(").W(Quote(pf.Name)).W(")");
                    break;
                case ConstExpression ce:
                    W("@const(").W(Quote(ce.Name)).W(")");
                    break;
                case ProbeWriteExpression pw:
                    W("@probewrite(").W(pw.Variable.Name).W(")");
                    break;
                case RegisterExpression r:
                    W(r.User ? "@uregister(" : "@kregister(");
                    Expr(r.Number);
                    W(")");
                    break;
                case DerefExpression de:
                    W(de.User ? "@uderef(" : "@kderef(");
                    Expr(de.Size);
                    W(", ");
                    Expr(de.Address);
                    W(")");
                    break;
                case EmbeddedExpression ee:
                    W("%{").W(ee.Code).W("%}");
                    break;
                default:
                    W($"/* {e.GetType().Name} */");
                    break;
            }
        }

        private void Components(System.Collections.Immutable.ImmutableArray<TargetComponent> components, int pretty)
        {
            foreach (var c in components)
            {
                switch (c)
                {
                    case MemberComponent m:
                        W("->").W(m.Name);
                        break;
                    case IndexComponent ix:
                        W("[");
                        Expr(ix.Index);
                        W("]");
                        break;
                }
            }
            if (pretty > 0)
            {
                // A separate token, so it never merges with a member name.
                W(" ").W(new string('$', pretty));
            }
        }
    }
}
