namespace Stapper.Parse;

/// <summary>How each operator is spelled in the script language: for -p1, -p2 and for the tokens diagnostics name.</summary>
public static class OperatorText
{
    public static string Spelling(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.ShiftLeft => "<<",
        BinaryOperator.ShiftRight => ">>",
        BinaryOperator.UnsignedShiftRight => ">>>",
        BinaryOperator.BitAnd => "&",
        BinaryOperator.BitOr => "|",
        BinaryOperator.BitXor => "^",
        BinaryOperator.LogicalAnd => "&&",
        BinaryOperator.LogicalOr => "||",
        BinaryOperator.Less => "<",
        BinaryOperator.LessEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterEqual => ">=",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Concatenate => ".",
        BinaryOperator.RegexMatch => "=~",
        BinaryOperator.RegexNotMatch => "!~",
        _ => "?",
    };

    public static string Spelling(UnaryOperator op) => op switch
    {
        UnaryOperator.Negate => "-",
        UnaryOperator.Plus => "+",
        UnaryOperator.LogicalNot => "!",
        _ => "~",
    };

    public static string Spelling(AssignmentOperator op) => op switch
    {
        AssignmentOperator.Assign => "=",
        AssignmentOperator.AddAssign => "+=",
        AssignmentOperator.SubtractAssign => "-=",
        AssignmentOperator.MultiplyAssign => "*=",
        AssignmentOperator.DivideAssign => "/=",
        AssignmentOperator.ModuloAssign => "%=",
        AssignmentOperator.ShiftLeftAssign => "<<=",
        AssignmentOperator.ShiftRightAssign => ">>=",
        AssignmentOperator.BitAndAssign => "&=",
        AssignmentOperator.BitOrAssign => "|=",
        AssignmentOperator.BitXorAssign => "^=",
        AssignmentOperator.ConcatenateAssign => ".=",
        _ => "<<<",
    };
}
