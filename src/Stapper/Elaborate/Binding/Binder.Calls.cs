using Stapper.Diagnostics;
using System.Collections.Immutable;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    private static readonly Dictionary<string, PrintKind> PrintFunctions = new(StringComparer.Ordinal)
    {
        ["print"] = PrintKind.Print,
        ["println"] = PrintKind.Println,
        ["printd"] = PrintKind.Printd,
        ["printdln"] = PrintKind.Printdln,
        ["printf"] = PrintKind.Printf,
        ["sprint"] = PrintKind.Sprint,
        ["sprintln"] = PrintKind.Sprintln,
        ["sprintd"] = PrintKind.Sprintd,
        ["sprintdln"] = PrintKind.Sprintdln,
        ["sprintf"] = PrintKind.Sprintf,
        ["print_char"] = PrintKind.PrintChar,
    };

    private Bound BindCall(FunctionCall call, bool valueUsed)
    {
        if (PrintFunctions.TryGetValue(call.Name, out var kind))
        {
            return BindPrint(call, kind);
        }
        var function = _symbols.FindFunction(call.Name, call.Arguments.Length);
        // a private function (stap's "private", or @__private30 at --compatible >= 3.0) is visible only in its own file
        var hidden = function is { Declaration.IsPrivate: true } && function.Declaration.Span.File.Path != call.NameSpan.File.Path;
        if (function is null || hidden)
        {
            foreach (var argument in call.Arguments)
            {
                Bind(argument);
            }
            if (!hidden && _symbols.HasFunctionNamed(call.Name))
            {
                var declared = _symbols.FirstDeclarationNamed(call.Name);
                Error("sema.arity-mismatch", $"arity mismatch found (function '{call.Name}' takes {declared?.Parameters.Length} args)", call.NameSpan, TokenText.Of(call),
                    also: declared is null ? null : (TokenText.Identifier(call.Name), declared.NameSpan));
            }
            else
            {
                var similar = Suggestions.Closest(call.Name, _symbols.FunctionNamesVisibleFrom(call.NameSpan.File.Path));
                Error("sema.unresolved-function", "unresolved function " + call.Name + (similar.Length > 0 ? " (similar: " + similar + ")" : ""), call.NameSpan, TokenText.Of(call));
            }
            return Invalid(call);
        }
        if (!GuruMode && !InTapset(call.NameSpan) && function.Declaration.EmbeddedBody is { } code && code.Pragmas.HasFlag(EmbeddedPragmas.Guru))
        {
            // a tapset function marked /* guru */ (raise, printk): stap refuses the call without -g, unless a tapset makes it
            Error("sema.guru-function", "function may not be used unless -g is specified", call.NameSpan, TokenText.Of(call));
        }
        if (function.Declaration.EmbeddedBody is { } body)
        {
            BindGlobalPragmas(body.Code, call.NameSpan, TokenText.Of(call));
        }
        Called.Add(function);
        var parameters = function.Scope.Parameters;
        var arguments = ImmutableArray.CreateBuilder<BoundExpression>(call.Arguments.Length);
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            var argument = Bind(call.Arguments[i]);
            var parameter = parameters[i].Slot;
            if (parameter.Type == StapType.Unknown && argument.Node.Type is StapType.Long or StapType.String)
            {
                Resolve(parameter, argument.Node.Type, argument.Span, argument.Token);
            }
            else if (argument.Node.Type is StapType.Long or StapType.String && parameter.Type is StapType.Long or StapType.String
                && argument.Node.Type != parameter.Type)
            {
                ArgumentMismatch(function, i, argument, parameter);
            }
            else
            {
                Require(argument, parameter.Type);
            }
            arguments.Add(argument.Node);
        }
        if (valueUsed && !function.ReturnsValue)
        {
            // stap: a function that returns nothing takes its type from a call whose value is used (`if (exit())`
            // makes exit long); it then returns 0 or "".
            function.ReturnsValue = true;
            Changed = true;
        }
        var signature = _signature(function);
        return Node(new BoundCall(signature, arguments.ToImmutable(), call.Span), call, function.ReturnsValue ? function.Return : null)
            with
        { Target = function.ReturnTarget.Type };
    }

    /// <summary>
    /// stap names the argument's type as the one expected: against a declared parameter type it says
    /// "expected ARG but found PARAM"; against an inferred one, "index N type mismatch (ARG)" chained to the inference.
    /// </summary>
    private void ArgumentMismatch(FunctionSymbol function, int index, Bound argument, TypeSlot parameter)
    {
        if (function.Declaration.Parameters[index].Type is null && parameter.InferredAt is { } first)
        {
            var chain = new Diagnostic(Severity.Error, "sema.type-first-inferred", Semantic,
                $"type of index {index} was first inferred here ({Name(parameter.Type)})", first, parameter.InferredToken);
            Error("sema.type-mismatch", $"index {index} type mismatch ({Name(argument.Node.Type)})", argument.Span, argument.Token, chain);
            return;
        }
        Error("sema.type-mismatch", $"type mismatch: expected {Name(argument.Node.Type)} but found {Name(parameter.Type)}", argument.Span, argument.Token);
    }

    private Bound BindPrint(FunctionCall call, PrintKind kind)
    {
        var arguments = call.Arguments;
        var format = ImmutableArray<FormatPiece>.Empty;
        BoundExpression? delimiter = null;
        var bound = ImmutableArray.CreateBuilder<BoundExpression>();
        var type = kind is PrintKind.Sprint or PrintKind.Sprintln or PrintKind.Sprintd or PrintKind.Sprintdln or PrintKind.Sprintf
            ? StapType.String
            : StapType.Void;

        if (kind is PrintKind.Printf or PrintKind.Sprintf)
        {
            if (arguments.IsEmpty || arguments[0] is not StringLiteral literal)
            {
                Error("sema.print-format", "print format must be a literal string", call.NameSpan, TokenText.Of(call));
                return Invalid(call);
            }
            if (FormatString.Parse(literal.Value) is not { } pieces)
            {
                Error("sema.print-format", "invalid or missing conversion specifier", call.NameSpan, TokenText.Of(call));
                return Invalid(call);
            }
            format = pieces;
            var wanted = Wanted(pieces);
            if (wanted.Count != arguments.Length - 1)
            {
                foreach (var argument in arguments.Skip(1))
                {
                    Bind(argument);
                }
                Error("sema.print-args", "Wrong number of args to formatted print operator", call.NameSpan, TokenText.Of(call));
                return Invalid(call);
            }
            for (var i = 1; i < arguments.Length; i++)
            {
                _typedByContext.Add(arguments[i]);
                var argument = Bind(arguments[i]);
                Require(argument, wanted[i - 1]);
                bound.Add(argument.Node);
            }
            return Node(new BoundPrint(kind, format, null, bound.ToImmutable(), type, call.Span), call);
        }

        var first = 0;
        if (kind is PrintKind.Printd or PrintKind.Printdln or PrintKind.Sprintd or PrintKind.Sprintdln)
        {
            if (arguments.IsEmpty || arguments[0] is not StringLiteral)
            {
                Error("sema.print-delimiter", "delimiter must be a literal string", call.NameSpan, TokenText.Of(call));
                return Invalid(call);
            }
            delimiter = Bind(arguments[0]).Node;
            first = 1;
        }
        if (arguments.Length - first == 0 && kind is not (PrintKind.Println or PrintKind.Sprintln))
        {
            Error("sema.print-args", "Wrong number of args to print operator", call.NameSpan, TokenText.Of(call));
            return Invalid(call);
        }
        foreach (var argument in arguments.Skip(first))
        {
            var b = Bind(argument);
            if (b.Node.Type == StapType.Unknown && b.Slot is null && b.Node is not BoundHistogram)
            {
                Error("sema.unresolved-type", "unresolved type ", b.Span, b.Token);
            }
            else if (b.Node is BoundInvalid && argument is TargetVariable or CastExpression)
            {
                // stap's print finds its unresolvable target argument once more (printed once, counted as suppressed).
                Error("sema.unresolved-type", "unresolved type ", b.Span, b.Token);
            }
            if (kind == PrintKind.PrintChar)
            {
                Require(b, StapType.Long);
            }
            bound.Add(b.Node);
        }
        return Node(new BoundPrint(kind, format, delimiter, bound.ToImmutable(), type, call.Span), call);
    }

    /// <summary>The type each argument of a format must have, in order (a <c>*</c> takes a long first).</summary>
    private static List<StapType> Wanted(ImmutableArray<FormatPiece> pieces)
    {
        var wanted = new List<StapType>();
        foreach (var conversion in pieces.OfType<FormatConversion>())
        {
            if (conversion.Width == -1)
            {
                wanted.Add(StapType.Long);
            }
            if (conversion.Precision == -1)
            {
                wanted.Add(StapType.Long);
            }
            wanted.Add(conversion.Conversion == 's' ? StapType.String : StapType.Long);
        }
        return wanted;
    }
}
