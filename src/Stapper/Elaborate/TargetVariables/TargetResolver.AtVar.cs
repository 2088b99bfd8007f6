using System.Collections.Immutable;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate.TargetVariables;

internal sealed partial class TargetResolver
{
    /// <summary>
    /// <c>@var("name@file", "module")->m</c> over a global found in the DWARF: its address, then the components as
    /// through a @cast of it. User-space globals are read in the probed process's memory.
    /// </summary>
    public TargetResolution Resolve(AtVarExpression atVar, AtVarGlobal global, Func<Expression, BoundExpression> bindIndex)
    {
        var steps = ImmutableArray.CreateBuilder<TargetStep>();
        steps.Add(global.Address);
        var parameters = new List<string?>();
        var user = global.Address.User;
        var value = Walk(steps, parameters, global.Type, inMemory: true, atVar.Components, atVar.AddressOf, bindIndex,
            NameSpan(atVar.Span), TokenText.Of(atVar), user: user);
        return new TargetResolution(steps.ToImmutable(), new TargetOrigin(false, AtVarName(atVar.Name), [.. parameters]), Typed(value, user));
    }

    /// <summary>The variable's name without its "@file" part.</summary>
    public static string AtVarName(string name) => name.IndexOf('@') is var at and >= 0 ? name[..at] : name;

    /// <summary>The "@file" part of the name, or null.</summary>
    public static string? AtVarFile(string name) => name.IndexOf('@') is var at and >= 0 ? name[(at + 1)..] : null;
}
