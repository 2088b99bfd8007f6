using System.Collections.Immutable;
using System.Globalization;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>
/// Turns <c>$param->a.b[i]</c>, <c>&amp;...</c> and <c>@cast(p, "T")->m</c> into <see cref="TargetStep"/>s
/// over BTF types, with stap's semantic errors. Parameters are read from the x86_64 argument registers at
/// entry (saved there for return probes); BTF has no locations, so locals and stack arguments are out of reach.
/// </summary>
internal sealed partial class TargetResolver(Lazy<IKernelTypes?> types, TargetContext? context)
{
    private static readonly int RegisterParameters = 6;

    /// <summary>Steps for <c>$name...</c> (not the context lists such as <c>$$parms</c>, which the binder builds).</summary>
    public TargetResolution Resolve(TargetVariable v, Func<Expression, BoundExpression> bindIndex)
    {
        var token = TokenText.Identifier("$" + v.Name);
        var at = NameSpan(v.Span);
        if (context is null)
        {
            throw Fail("unresolved target-symbol expression", at, token);
        }
        if (v.PrettyPrint > 0)
        {
            throw Fail("pretty printing ($var$) is not supported with BTF", at, token);
        }
        var steps = ImmutableArray.CreateBuilder<TargetStep>();
        TypeInfo type;
        var inMemory = false;
        var parameter = context.Function.Parameters.FirstOrDefault(p => p.Name == v.Name);
        if (parameter is null && !(v.Name == "return" && context.IsReturn) && context.Site.NoSuchVariable(v.Name) is { } why)
        {
            throw Fail(why, at, token);
        }
        if (parameter is null && !context.Site.DebugInfoFound)
        {
            // Without the file's DWARF only the site's own variables (an SDT marker's arguments) resolve. stap's marker
            // expansion reports a second error there; its function expansion does not.
            throw new TargetResolutionException(new TargetError("debuginfo scope not found for module '" + context.Site.Module
                + "', cannot resolve context variable [man error::dwarf]", at, token, context.Site is UserMarkSite ? "target-symbol requires debuginfo" : null));
        }
        if (v.Name == "return")
        {
            if (!context.IsReturn)
            {
                throw Fail("unable to find local 'return', [man error::dwarf] " + NotFoundIn() + " (" + LocalAlternatives("return") + ")", at, token);
            }
            type = context.Function.ReturnType;
            if (type.Resolve().IsVoid)
            {
                throw Fail("function '" + context.Function.Name + "' has no return value", at, token);
            }
            steps.Add(new LoadReturnValue());
        }
        else
        {
            if (parameter is null && context.Site.ArgumentsInContext)
            {
                var vars = context.Function.Parameters.Select(p => "$" + p.Name).Concat(["$$name", "$$parms", "$$vars"]);
                var sugs = Binding.Suggestions.Closest("$" + v.Name, vars, int.MaxValue);
                throw Fail("unable to find tracepoint variable '$" + v.Name + "'" + (sugs.Length > 0 ? " (alternatives: " + sugs + ")" : ""),
                    at, token);
            }
            if (parameter is null && ResolveUnitGlobal(v, bindIndex, at, token) is { } global)
            {
                return global;
            }
            if (parameter is null)
            {
                throw Fail("unable to find local '" + v.Name + "', [man error::dwarf] " + NotFoundIn() + " (" + LocalAlternatives(v.Name) + ")", at, token);
            }
            if (context.Site.Unreadable(parameter.Index) is { } reason)
            {
                throw Fail(reason, at, token);
            }
            var own = context.Site.Load(parameter.Index);
            var address = context.Site.Address(parameter.Index, context.IsReturn);
            if (parameter.Index >= RegisterParameters && !context.Site.ArgumentsInContext && own is null && address is null)
            {
                throw Fail("parameter '" + v.Name + "' is passed on the stack, which BTF does not describe", at, token);
            }
            type = parameter.Type;
            if (address is { } kept)
            {
                steps.AddRange(kept);
                inMemory = true;
            }
            else if (own is { } load)
            {
                steps.AddRange(load);
            }
            else
            {
                steps.Add(context.Site.ArgumentsInContext
                    ? new LoadContextArgument(parameter.Index)
                    : new LoadParameter(parameter.Index, context.IsReturn));
            }
        }
        var parameters = new List<string?>();
        var user = context.Site.UserMemory;
        var value = Walk(steps, parameters, type, inMemory, v.Components, v.AddressOf, bindIndex, at, token, user: user);
        return new TargetResolution(steps.ToImmutable(), new TargetOrigin(false, v.Name, [.. parameters]), Typed(value, user));
    }

    public TargetResolution Resolve(CastExpression cast, BoundExpression operand, Func<Expression, BoundExpression> bindIndex)
    {
        var token = "operator '@cast'";
        var typeName = cast.TypeName.Trim();
        // "a:kernel:b" is a search list; "kernel<h.h>" is vmlinux's types (BTF has them all), "<h.h>" a user header's,
        // a path a user-space file's (both read the process's memory).
        TypeInfo? type = null;
        var user = false;
        foreach (var candidate in (cast.Module ?? "kernel").Split(':'))
        {
            var module = candidate == "kernel" || candidate.StartsWith("kernel<", StringComparison.Ordinal) ? null : candidate;
            if ((type = types.Value?.NamedType(typeName, module)) is not null)
            {
                user = candidate.StartsWith('<') || DebugInfo.UserTypes.IsPath(candidate);
                break;
            }
        }
        if (type is null)
        {
            throw Fail("type definition '" + typeName + "' not found in '" + (cast.Module ?? "kernel") + "'", cast.Span, token);
        }
        if (cast.PrettyPrint > 0)
        {
            throw Fail("pretty printing (@cast(...)$) is not supported with BTF", cast.Span, token);
        }
        var steps = ImmutableArray.CreateBuilder<TargetStep>();
        steps.Add(new LoadValue(operand));
        var parameters = new List<string?> { "pointer" };
        var value = Walk(steps, parameters, type, inMemory: true, cast.Components, cast.AddressOf, bindIndex, NameSpan(cast.Span), token, castBase: true, user: user);
        return new TargetResolution(steps.ToImmutable(), new TargetOrigin(true, "cast", [.. parameters]), Typed(value, user));
    }

    /// <summary>
    /// stap's autocast: <paramref name="operand"/>'s value has C type <paramref name="type"/> (a pointer, or an array's
    /// address), and the components read through it as through a @cast.
    /// </summary>
    public TargetResolution Resolve(AutocastExpression autocast, BoundExpression operand, TargetType type, Func<Expression, BoundExpression> bindIndex)
    {
        var token = TokenText.Of(autocast);
        var steps = ImmutableArray.CreateBuilder<TargetStep>();
        steps.Add(new LoadValue(operand));
        var parameters = new List<string?> { "pointer" };
        var resolved = type.Type.Resolve();
        var value = Walk(steps, parameters, resolved, inMemory: resolved.Kind == TypeKind.Array, autocast.Components, autocast.AddressOf,
            bindIndex, NameSpan(autocast.Span), token, user: type.User);
        return new TargetResolution(steps.ToImmutable(), new TargetOrigin(true, "autocast", [.. parameters]), Typed(value, type.User));
    }

    private static TargetType? Typed(TypeInfo? value, bool user) => value is null ? null : new TargetType(value, user);

    private string Module => context?.Site.Module ?? "kernel";

    /// <summary>The probed kernel function's DWARF scope, where the -dbg package has it; looked up once, for an error only.</summary>
    private readonly Lazy<FunctionScope?> _scope = new(() =>
        context is { Site: KernelFunctionSite } ? types.Value?.Scope(context.Function.Name, context.Site.Module) : null);

    /// <summary>Where stap looked: with DWARF its DIE, entry and file, else the module and function.</summary>
    private string NotFoundIn() => _scope.Value is { } scope
        ? $"dieoffset 0x{scope.DieOffset:x} in {Module}, near pc 0x{scope.Pc:x} in {context!.Function.Name}{(scope.File is { } file ? " " + file : "")}"
        : "in " + Module + ", in " + context!.Function.Name;

    private string LocalAlternatives(string name)
    {
        var locals = _scope.Value is { } scope ? scope.Variables.Select(n => "$" + n) : context!.Function.Parameters.Select(p => "$" + p.Name);
        var sugs = Binding.Suggestions.Closest(name, locals, 5);
        return sugs.Length == 0 ? "<no alternatives>" : "alternatives: " + sugs + ")";
    }

    /// <summary>
    /// The word holds either the value of <paramref name="type"/> (a register) or, when
    /// <paramref name="inMemory"/>, the address of an object of that type. An index that is not a literal is an
    /// operand of the access, named in <paramref name="parameters"/> as stap names it (index + component number).
    /// A @cast's address is also the start of an array of its type (<paramref name="castBase"/>): stap's
    /// <c>&amp;@cast(0, "T")[1]</c> is sizeof(T).
    /// </summary>
    private TypeInfo? Walk(ImmutableArray<TargetStep>.Builder steps, List<string?> parameters, TypeInfo type, bool inMemory,
        ImmutableArray<TargetComponent> components, bool addressOf, Func<Expression, BoundExpression> bindIndex, SourceSpan span, string token,
        bool castBase = false, bool user = false)
    {
        // A user-space header's type lives in the probed process's memory.
        TargetStep Fetch(int size, bool signed) => user ? new FetchUser(size, signed) : new Fetch(size, signed);
        MemberInfo? bitField = null;
        for (var number = 0; number < components.Length; number++)
        {
            var component = components[number];
            bitField = null;
            var t = Complete(type, component);
            switch (component)
            {
                case MemberComponent m:
                    if (t.Kind == TypeKind.Pointer)
                    {
                        var pointee = t.Target is { } target ? Complete(target, component) : null;
                        if (pointee is null || pointee.IsVoid)
                        {
                            throw Fail($"invalid access '->{m.Name}' vs '{t.CName}'", m.Span, Arrow);
                        }
                        if (inMemory)
                        {
                            steps.Add(Fetch(8, false));
                        }
                        inMemory = true;
                        t = pointee;
                    }
                    if (!t.IsAggregate)
                    {
                        throw Fail($"invalid access '->{m.Name}' vs. {t.CName}", m.Span, Arrow);
                    }
                    var member = t.FindMember(m.Name);
                    if (member is null)
                    {
                        var sugs = Binding.Suggestions.Closest(m.Name, MemberNames(t), int.MaxValue);
                        throw Fail($"unable to find member '{m.Name}' for {t.CName}" + (sugs.Length > 0 ? " (alternatives: " + sugs + ")" : ""),
                            m.Span, Arrow);
                    }
                    if (!inMemory)
                    {
                        throw Fail("cannot access a member of a structure passed by value (BTF gives no location)", m.Span, Arrow);
                    }
                    Advance(steps, (long)(member.IsBitField ? member.StorageUnitOffset : member.Offset));
                    bitField = member.IsBitField ? member : null;
                    type = member.Type;
                    break;
                case IndexComponent ix:
                    {
                        var index = bindIndex(ix.Index);
                        TypeInfo element;
                        if (t.Kind == TypeKind.Pointer)
                        {
                            element = t.Target is { } target ? Complete(target, component) : t;
                            if (element.IsVoid || element.Size == 0)
                            {
                                throw Fail($"invalid access '[{IndexText(ix)}]' vs '{t.CName}'", ix.Span, "operator '['");
                            }
                            if (inMemory)
                            {
                                steps.Add(Fetch(8, false));
                            }
                        }
                        else if (t.Kind == TypeKind.Array && inMemory)
                        {
                            element = t.Target ?? t;
                        }
                        else if (castBase && number == 0 && !t.IsVoid && t.Size > 0)
                        {
                            element = t;
                        }
                        else
                        {
                            throw Fail($"invalid access '[{IndexText(ix)}]' for {t.CName}", ix.Span, "operator '['");
                        }
                        inMemory = true;
                        if (ix.Index is not NumberLiteral)
                        {
                            steps.Add(new AddIndex(index, (long)element.Size));
                            parameters.Add("index" + number.ToString(CultureInfo.InvariantCulture));
                        }
                        else if (index is not BoundNumber { Value: 0 })
                        {
                            steps.Add(new AddIndex(index, (long)element.Size));
                            parameters.Add(null);
                        }
                        type = element;
                        break;
                    }
            }
        }
        var final = Complete(type, null);
        if (addressOf)
        {
            if (bitField is not null)
            {
                throw Fail("cannot take the address of a bit field", span, token);
            }
            if (!inMemory)
            {
                throw Fail("cannot take address of object in register", span, token);
            }
            return new PointerType(final);
        }
        var last = components.Length > 0 ? components[^1] : null;
        var lastSpan = last?.Span ?? span;
        var lastToken = last is MemberComponent ? Arrow : last is IndexComponent ? "operator '['" : token;
        switch (final.Kind)
        {
            case TypeKind.Integer or TypeKind.Enum or TypeKind.Pointer:
                {
                    var size = (int)final.Size;
                    if (size is not (1 or 2 or 4 or 8))
                    {
                        throw Fail($"unsupported type {final.CName} of {size} bytes", lastSpan, lastToken);
                    }
                    var signed = final.Kind != TypeKind.Pointer && final.IsSigned;
                    if (bitField is not null)
                    {
                        if (user)
                        {
                            throw Fail("bit fields of user-space header types are not supported", lastSpan, lastToken);
                        }
                        steps.Add(new FetchBits(size, (int)bitField.BitOffsetInUnit, (int)bitField.BitFieldSize, signed));
                    }
                    else if (inMemory)
                    {
                        steps.Add(Fetch(size, signed));
                    }
                    else if (size < 8)
                    {
                        steps.Add(new Narrow(size, signed));
                    }
                    return final;
                }
            case TypeKind.Array when inMemory:
                return final; // stap gives an array's address, e.g. for kernel_string($task->comm)
            case TypeKind.Struct or TypeKind.Union when castBase && components.Length == 0:
                return new PointerType(final); // a bare @cast(p, "T") is p, typed as a pointer to T (autocast)
            case TypeKind.Struct or TypeKind.Union:
                {
                    var first = MemberNames(final).Order(StringComparer.Ordinal).FirstOrDefault();
                    throw Fail($"'{final.CName}' is being accessed instead of a member" + (first is null ? "" : " such as '->" + first + "'"),
                        lastSpan, lastToken);
                }
            default:
                throw Fail($"unsupported type {final.CName}", lastSpan, lastToken);
        }
    }

    /// <summary>Adds a member offset, one addition per member as stap's location has them (a zero offset adds nothing).</summary>
    private static void Advance(ImmutableArray<TargetStep>.Builder steps, long bytes)
    {
        if (bytes != 0)
        {
            steps.Add(new AddOffset(bytes));
        }
    }

    /// <summary>Follows modifiers; a forward declaration is completed by name from the kernel's types (left as it is
    /// when they do not have it).</summary>
    public TypeInfo Complete(TypeInfo type) => Complete(type, null);

    /// <summary>Follows modifiers; a forward declaration is completed by name from the kernel's types.</summary>
    private TypeInfo Complete(TypeInfo type, TargetComponent? at)
    {
        var t = type.Resolve();
        if (t.Kind == TypeKind.Forward && t.Name.Length > 0)
        {
            var full = types.Value?.NamedType((t.IsUnionForward ? "union " : "struct ") + t.Name, context?.Site.Module);
            if (full is not null)
            {
                return full.Resolve();
            }
            if (at is not null)
            {
                throw Fail("unresolved " + t.CName, at.Span, Arrow);
            }
        }
        return t;
    }

    private static IEnumerable<string> MemberNames(TypeInfo t)
    {
        foreach (var m in t.Members)
        {
            if (m.IsAnonymous)
            {
                var inner = m.Type.Resolve();
                if (inner.IsAggregate)
                {
                    foreach (var n in MemberNames(inner))
                    {
                        yield return n;
                    }
                }
            }
            else
            {
                yield return m.Name;
            }
        }
    }

    private static string IndexText(IndexComponent ix) =>
        ix.Index is NumberLiteral n ? n.Value.ToString(CultureInfo.InvariantCulture) : "...";

    /// <summary>Where the $name or @cast token itself starts: after a leading &amp; (stap blames the name).</summary>
    public static SourceSpan NameSpan(SourceSpan span)
    {
        var text = span.File.Text;
        var start = span.Start;
        while (start < span.End && start < text.Length && text[start] is not ('$' or '@'))
        {
            start++;
        }
        return start < span.End ? span with { Start = start } : span;
    }

    /// <summary>stap blames a member access on its "->" token.</summary>
    private const string Arrow = "operator '->'";

    private static TargetResolutionException Fail(string message, SourceSpan span, string token) =>
        new(new TargetError(message, span, token));
}
