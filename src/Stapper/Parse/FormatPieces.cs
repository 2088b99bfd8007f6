namespace Stapper.Parse;

/// <summary>A printf format string, split by pass 1 as stap does (pass 2 checks it against the arguments).</summary>
public abstract record FormatPiece;

/// <summary>Text printed as is (<c>%%</c> already turned into <c>%</c>).</summary>
public sealed record FormatText(string Text) : FormatPiece;

[Flags]
public enum FormatFlags
{
    None = 0,
    LeftAlign = 1,
    Plus = 2,
    Space = 4,
    Zero = 8,
    Alternate = 16,
}

/// <summary>
/// One conversion: Conversion is one of d i u x X o s c p b m M. Width/Precision: null absent,
/// -1 for <c>*</c> (taken from the next argument). Each conversion consumes its argument(s) in order.
/// </summary>
public sealed record FormatConversion(FormatFlags Flags, int? Width, int? Precision, char Conversion) : FormatPiece;
