using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

/// <summary>Where a function's name stands after <c>function</c>: stap's token for the declaration.</summary>
internal static class FunctionNameSpan
{
    public static SourceSpan Of(FunctionDeclaration declaration)
    {
        var span = declaration.Span;
        var text = span.File.Text;
        var at = text.IndexOf("function", span.Start, StringComparison.Ordinal);
        at = at < 0 ? -1 : text.IndexOf(declaration.Name, at + "function".Length, StringComparison.Ordinal);
        return at < 0 ? span : new SourceSpan(span.File, at, at + declaration.Name.Length);
    }
}
