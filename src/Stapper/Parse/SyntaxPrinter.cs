using System.Globalization;
using System.Text;

namespace Stapper.Parse;

/// <summary>
/// stap's <c>-p1</c> output: the parsed program in a canonical form. Operands that are themselves
/// operator expressions are parenthesised, so precedence never needs to be known when reading it;
/// printing, re-parsing and printing again gives the same text.
/// </summary>
public static partial class SyntaxPrinter
{
    public static string Print(SyntaxTree tree)
    {
        var w = new Writer();
        w.Line($"# file {tree.File.Path}");
        // stap's order: embedded code, globals, aliases, probes, functions (source order within each).
        foreach (var d in tree.Declarations.OrderBy(Rank))
        {
            w.Declaration(d);
        }
        return w.ToString();
    }

    private static int Rank(Declaration d) => d switch
    {
        EmbeddedCode => 0,
        GlobalDeclaration => 1,
        AliasDeclaration => 2,
        ProbeDeclaration => 3,
        FunctionDeclaration => 4,
        _ => 5,
    };

    /// <summary>One expression in the printer's form (for messages and tests).</summary>
    public static string Print(Expression expression)
    {
        var w = new Writer();
        w.Expr(expression);
        return w.ToString();
    }

    private sealed partial class Writer
    {
        private readonly StringBuilder _sb = new();
        private int _indent;

        public override string ToString() => _sb.ToString();

        public void Line(string s)
        {
            Indent();
            _sb.Append(s).Append('\n');
        }

        private void Indent() => _sb.Append(' ', _indent * 2);

        private Writer W(string s)
        {
            _sb.Append(s);
            return this;
        }

        public void Declaration(Declaration d)
        {
            switch (d)
            {
                case ProbeDeclaration p:
                    W("probe ");
                    Points(p.Points);
                    W(" ");
                    Block(p.Body);
                    W("\n");
                    break;
                case AliasDeclaration a:
                    W("probe ");
                    foreach (var name in a.Names)
                    {
                        Point(name);
                        W(a.IsEpilogue ? " += " : " = ");
                    }
                    Points(a.Targets);
                    W(" ");
                    Block(a.Body);
                    if (a.EpilogueBody is { } epilogue)
                    {
                        W(", ");
                        Block(epilogue);
                    }
                    W("\n");
                    break;
                case GlobalDeclaration g:
                    W(g.IsPrivate ? "private " : "").W("global ").W(g.Name);
                    if (g.Wrap)
                    {
                        W("%");
                    }
                    if (g.MaxEntries is { } max)
                    {
                        W("[").W(max.ToString(CultureInfo.InvariantCulture)).W("]");
                    }
                    if (g.Initializer is { } init)
                    {
                        W(" = ");
                        Expr(init);
                    }
                    W("\n");
                    break;
                case FunctionDeclaration f:
                    W(f.IsPrivate ? "private " : "").W("function ").W(f.Name).W(Type(f.ReturnType)).W(" (");
                    for (var i = 0; i < f.Parameters.Length; i++)
                    {
                        W(i > 0 ? ", " : "").W(f.Parameters[i].Name).W(Type(f.Parameters[i].Type));
                    }
                    W(") ");
                    if (f.EmbeddedBody is { } e)
                    {
                        W("%{").W(e.Code).W("%}");
                    }
                    else if (f.Body is { } body)
                    {
                        Block(body);
                    }
                    W("\n");
                    break;
                case EmbeddedCode c:
                    W("%{").W(c.Code).W("%}\n");
                    break;
                case MacroDeclaration:
                    // Macros are expanded during parsing; -p1 shows their results only.
                    break;
            }
        }

        private static string Type(TypeName? t) => t switch
        {
            TypeName.Long => ":long",
            TypeName.String => ":string",
            _ => "",
        };

        private void Points(System.Collections.Immutable.ImmutableArray<ProbePoint> points)
        {
            for (var i = 0; i < points.Length; i++)
            {
                W(i > 0 ? ", " : "");
                Point(points[i]);
            }
        }

        private void Point(ProbePoint p)
        {
            for (var i = 0; i < p.Components.Length; i++)
            {
                var c = p.Components[i];
                W(i > 0 ? "." : "").W(c.Functor);
                if (c.Argument is { } arg)
                {
                    W("(");
                    Expr(arg);
                    W(")");
                }
            }
            if (p.Sufficient)
            {
                W("!");
            }
            else if (p.Optional)
            {
                W("?");
            }
            if (p.Condition is { } cond)
            {
                W(" if (");
                Expr(cond);
                W(")");
            }
        }

        private void Block(Block b)
        {
            W("{\n");
            _indent++;
            foreach (var s in b.Statements)
            {
                Indent();
                Statement(s);
                W("\n");
            }
            _indent--;
            Indent();
            W("}");
        }

        /// <summary>A statement starting at the current position, without the trailing newline.</summary>
        private void Statement(Statement s)
        {
            switch (s)
            {
                case Block b:
                    Block(b);
                    break;
                case EmptyStatement:
                    W(";");
                    break;
                case ExpressionStatement e:
                    Expr(e.Expression);
                    W(";");
                    break;
                case IfStatement i:
                    W("if (");
                    Expr(i.Condition);
                    W(") ");
                    Statement(i.Then);
                    if (i.Else is { } otherwise)
                    {
                        W(" else ");
                        Statement(otherwise);
                    }
                    break;
                case WhileStatement wh:
                    W("while (");
                    Expr(wh.Condition);
                    W(") ");
                    Statement(wh.Body);
                    break;
                case ForStatement f:
                    W("for (");
                    if (f.Init is { } init)
                    {
                        Expr(init);
                    }
                    W("; ");
                    if (f.Condition is { } cond)
                    {
                        Expr(cond);
                    }
                    W("; ");
                    if (f.Increment is { } incr)
                    {
                        Expr(incr);
                    }
                    W(") ");
                    Statement(f.Body);
                    break;
                case ForeachStatement fe:
                    Foreach(fe);
                    break;
                case BreakStatement:
                    W("break;");
                    break;
                case ContinueStatement:
                    W("continue;");
                    break;
                case NextStatement:
                    W("next;");
                    break;
                case ReturnStatement r:
                    W("return");
                    if (r.Value is { } v)
                    {
                        W(" ");
                        Expr(v);
                    }
                    W(";");
                    break;
                case DeleteStatement d:
                    W("delete ");
                    Expr(d.Target);
                    W(";");
                    break;
                case TryStatement t:
                    W("try ");
                    Block(t.Try);
                    W(" catch");
                    if (t.CatchVariable is { } cv)
                    {
                        W(" (").W(cv.Name).W(")");
                    }
                    W(" ");
                    Block(t.Catch);
                    break;
            }
        }

        private static string Sort(SortDirection d) => d switch
        {
            SortDirection.Ascending => "+",
            SortDirection.Descending => "-",
            _ => "",
        };

        private void Foreach(ForeachStatement f)
        {
            W("foreach (");
            var sorted = f.SortDirection != SortDirection.None;
            if (f.Value is { } value)
            {
                W(value.Name);
                if (sorted && f.SortColumn == 0 && f.SortAggregate is null)
                {
                    W(Sort(f.SortDirection));
                }
                W(" = ");
            }
            var bracket = f.Keys.Length != 1 || f.Value is not null;
            W(bracket ? "[" : "");
            for (var i = 0; i < f.Keys.Length; i++)
            {
                W(i > 0 ? ", " : "").W(f.Keys[i].Name);
                if (sorted && f.SortColumn == i + 1)
                {
                    W(Sort(f.SortDirection));
                }
            }
            W(bracket ? "]" : "").W(" in ");
            Expr(f.Source);
            if (!f.Slice.IsDefaultOrEmpty)
            {
                W("[");
                List(f.Slice);
                W("]");
            }
            if (f.SortAggregate is { } agg)
            {
                W(" ").W(AggregateName(agg)).W(Sort(f.SortDirection));
            }
            else if (sorted && f.SortColumn == 0 && f.Value is null)
            {
                W(Sort(f.SortDirection));
            }
            if (f.Limit is { } limit)
            {
                W(" limit ");
                Expr(limit);
            }
            W(") ");
            Statement(f.Body);
        }

        private static string AggregateName(AggregateOperator op) => op switch
        {
            AggregateOperator.Count => "@count",
            AggregateOperator.Sum => "@sum",
            AggregateOperator.Min => "@min",
            AggregateOperator.Max => "@max",
            AggregateOperator.Avg => "@avg",
            _ => "@variance",
        };

        private void List(System.Collections.Immutable.ImmutableArray<Expression?> items)
        {
            for (var i = 0; i < items.Length; i++)
            {
                W(i > 0 ? ", " : "");
                if (items[i] is { } e)
                {
                    Expr(e);
                }
                else
                {
                    W("*");
                }
            }
        }
    }

    /// <summary>A value as a stap string literal.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (c < ' ' || c == 127)
                    {
                        sb.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
