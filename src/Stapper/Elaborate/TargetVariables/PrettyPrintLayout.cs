using System.Collections.Immutable;
using System.Text;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>
/// stap's <c>$var$</c> and <c>$var$$</c>: a sprintf format and its arguments (target expressions over the base's
/// component chain) that print a value as stap does: <c>{.a=1, .b=0x...}</c>, chars as <c>'c'</c>, strings quoted.
/// One level of members (<c>$</c>) or all of them (<c>$$</c>); a pointer is followed at the top only; an array shows
/// its first element; at most 32 arguments. A leaf that does not resolve prints <c>?</c>.
/// </summary>
internal sealed class PrettyPrintLayout
{
    /// <summary>stap's bound on a print's arguments (its PR10750).</summary>
    private const int MaxArguments = 32;

    private readonly bool _full;
    private readonly Func<ImmutableArray<TargetComponent>, Expression> _at;
    private readonly Func<Expression, bool> _resolves;
    private readonly Func<TypeInfo, TypeInfo> _complete;
    private readonly SourceSpan _span;
    private readonly bool _user;
    private readonly StringBuilder _format = new();
    private readonly ImmutableArray<Expression>.Builder _arguments = ImmutableArray.CreateBuilder<Expression>();

    private PrettyPrintLayout(bool full, Func<ImmutableArray<TargetComponent>, Expression> at, Func<Expression, bool> resolves,
        Func<TypeInfo, TypeInfo> complete, SourceSpan span, bool user)
    {
        (_full, _at, _resolves, _complete, _span, _user) = (full, at, resolves, complete, span, user);
    }

    /// <summary>
    /// The format and arguments for a base of type <paramref name="type"/>; <paramref name="at"/> spells the base with
    /// more components, <paramref name="resolves"/> says whether such an expression resolves, <paramref name="complete"/>
    /// follows modifiers and completes forward declarations. <paramref name="user"/>: the value is in a process's memory.
    /// </summary>
    public static (string Format, ImmutableArray<Expression> Arguments) Build(TypeInfo type, bool full,
        Func<ImmutableArray<TargetComponent>, Expression> at, Func<Expression, bool> resolves, Func<TypeInfo, TypeInfo> complete, SourceSpan span,
        bool user = false)
    {
        var layout = new PrettyPrintLayout(full, at, resolves, complete, span, user);
        layout.Value(type, [], top: true);
        return (layout._format.ToString(), layout._arguments.ToImmutable());
    }

    private void Value(TypeInfo declared, ImmutableArray<TargetComponent> path, bool top)
    {
        var type = _complete(declared);
        switch (type.Kind)
        {
            case TypeKind.Integer when IsChar(type):
                Leaf("'%#c'", path);
                break;
            case TypeKind.Integer:
                Leaf(type.IsSigned ? "%i" : "%u", path);
                break;
            case TypeKind.Enum:
                Leaf("%i", path); // DWARF gives an enum no encoding: stap prints it signed
                break;
            case TypeKind.Array:
                Array(type, path, top);
                break;
            case TypeKind.Pointer:
                Pointer(type, path, top);
                break;
            case TypeKind.Function:
                Leaf("<function>:%p", path);
                break;
            case TypeKind.Struct or TypeKind.Union:
                _format.Append('{');
                if (top || _full)
                {
                    var count = 0;
                    Members(type, path, ref count);
                }
                else
                {
                    _format.Append("...");
                }
                _format.Append('}');
                break;
            case TypeKind.Forward:
                _format.Append("{...}");
                break;
            default:
                _format.Append('?');
                break;
        }
    }

    private void Array(TypeInfo type, ImmutableArray<TargetComponent> path, bool top)
    {
        if (!top && !_full)
        {
            _format.Append("[...]");
            return;
        }
        var element = type.Target is { } t ? _complete(t) : type;
        if (Chars(element, path))
        {
            return;
        }
        // stap knows no array's length here: the first element, then ", ...".
        _format.Append('[');
        Value(element, path.Add(new IndexComponent(new NumberLiteral(0, "0", _span), _span)), top: false);
        _format.Append(", ...]");
    }

    private void Pointer(TypeInfo type, ImmutableArray<TargetComponent> path, bool top)
    {
        if (type.Target is { } target && _complete(target) is { IsVoid: false } pointee)
        {
            if (Chars(pointee, path))
            {
                return;
            }
            if (top)
            {
                Value(pointee, path, top);
                return;
            }
        }
        Leaf("%p", path);
    }

    private void Members(TypeInfo type, ImmutableArray<TargetComponent> path, ref int count)
    {
        foreach (var member in type.Members)
        {
            if (++count > 1)
            {
                _format.Append(", ");
            }
            if (_arguments.Count >= MaxArguments)
            {
                _format.Append("...");
                return;
            }
            var inner = path;
            var kind = _complete(member.Type).Kind;
            if (!member.IsAnonymous)
            {
                _format.Append('.').Append(member.Name);
                inner = path.Add(new MemberComponent(member.Name, _span));
            }
            else
            {
                // stap's labels for unnamed members (its struct and class are swapped).
                _format.Append(kind switch { TypeKind.Union => "<union>", TypeKind.Struct => "<class>", _ => "" });
            }
            _format.Append('=');
            if (member.IsBitField)
            {
                BitField(member.Type, inner);
            }
            else
            {
                Value(member.Type, inner, top: false);
            }
        }
    }

    /// <summary>A bit field prints as a number, even of a char type.</summary>
    private void BitField(TypeInfo declared, ImmutableArray<TargetComponent> path)
    {
        var type = _complete(declared);
        if (type.Kind is TypeKind.Integer or TypeKind.Enum)
        {
            Leaf(type.Kind == TypeKind.Integer && !type.IsSigned ? "%u" : "%i", path);
        }
        else
        {
            _format.Append('?');
        }
    }

    /// <summary>A char array or pointer: the string it holds, quoted (kernel memory, else user memory; a process's
    /// own only, as stap reads a user-space variable's).</summary>
    private bool Chars(TypeInfo element, ImmutableArray<TargetComponent> path)
    {
        if (!IsChar(element))
        {
            return false;
        }
        var value = _at(path);
        if (!_resolves(value))
        {
            _format.Append('?');
            return true;
        }
        _format.Append("%s");
        _arguments.Add(new FunctionCall(_user ? "user_string_quoted" : "kernel_or_user_string_quoted", [value], _span, _span));
        return true;
    }

    private void Leaf(string format, ImmutableArray<TargetComponent> path)
    {
        var value = _at(path);
        if (!_resolves(value))
        {
            _format.Append('?');
            return;
        }
        _format.Append(format);
        _arguments.Add(value);
    }

    /// <summary>DWARF's char encodings: a one-byte integer named char (signed, unsigned or plain; u8 is one).</summary>
    private static bool IsChar(TypeInfo type) => type.Kind == TypeKind.Integer && type.Size == 1 && type.Name.Contains("char", StringComparison.Ordinal);
}
