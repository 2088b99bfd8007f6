using Stapper.Elaborate.TargetVariables;
using Stapper.Parse;

namespace Stapper.Elaborate.Binding;

internal sealed partial class Binder
{
    private readonly UserGlobals _userGlobals = new();

    /// <summary>
    /// <c>@var("name@file", "module")</c>: a global from the DWARF of vmlinux, a kernel module or a user binary. In a probe on a function
    /// or statement the module defaults to the probe's, and a bare name is looked up as <c>$name</c> would be, then
    /// among the globals of the probed function's compile unit. Elsewhere stap 4.8 has no module to search.
    /// </summary>
    private Bound BindAtVar(AtVarExpression atVar)
    {
        if (atVar.PrettyPrint > 0)
        {
            return BindPrettyPrint(atVar, atVar.PrettyPrint, atVar.AddressOf);
        }
        try
        {
            var resolved = ResolveAtVar(atVar, BindIndex);
            return Node(new BoundTargetValue(resolved.Steps, atVar.Span) { Origin = resolved.Origin }, atVar) with { Target = resolved.Type };
        }
        catch (TargetResolutionException e)
        {
            return Unresolved(e.Error, atVar);
        }
    }

    private TargetResolution ResolveAtVar(AtVarExpression atVar, Func<Expression, BoundExpression> bindIndex)
    {
        var token = TokenText.Of(atVar);
        var at = TargetResolver.NameSpan(atVar.Span);
        TargetResolutionException Fail(string message) => new(new TargetError(message, at, token));
        var name = TargetResolver.AtVarName(atVar.Name);
        var file = TargetResolver.AtVarFile(atVar.Name);
        var resolver = new TargetResolver(KernelTypes, _target);
        var probed = ProbedModule();
        var module = string.IsNullOrEmpty(atVar.Module) ? probed : atVar.Module;
        if (module is null)
        {
            throw Fail("unresolved @var() expression");
        }
        if (module == probed && file is null)
        {
            return InProbeScope(atVar, name, resolver, bindIndex, token);
        }
        string? first = null;
        foreach (var candidate in module.Split(':'))
        {
            var global = candidate.Contains('/') ? _userGlobals.Find(candidate, name, file, null)
                : KernelTypes.Value?.Global(name, file, candidate == "kernel" ? null : candidate, null);
            if (global is not null)
            {
                return resolver.Resolve(atVar, global, bindIndex);
            }
            first ??= "unable to find global '" + name + "' in " + candidate + (file is null ? "" : ", in " + file);
        }
        throw Fail(first ?? "unresolved @var() expression");
    }

    /// <summary>A bare name in the probe's own module: a parameter or local first (as <c>$name</c>), then a global of the
    /// probed function's compile unit; stap's error is the local's.</summary>
    private TargetResolution InProbeScope(AtVarExpression atVar, string name, TargetResolver resolver, Func<Expression, BoundExpression> bindIndex, string token)
    {
        var function = _target!.Function;
        if (function.Parameters.All(p => p.Name != name))
        {
            var site = _target.Site;
            var scope = function.Name;
            var global = site.UserMemory ? _userGlobals.Find(site.Module!, name, null, scope) : KernelTypes.Value?.Global(name, null, site.Module, scope);
            if (global is not null)
            {
                return resolver.Resolve(atVar, global, bindIndex);
            }
        }
        try
        {
            return resolver.Resolve(new TargetVariable(name, atVar.Components, 0, atVar.AddressOf, atVar.Span), bindIndex);
        }
        catch (TargetResolutionException e) when (e.Error.Token.StartsWith("identifier '$", StringComparison.Ordinal))
        {
            throw new TargetResolutionException(e.Error with { Token = token });
        }
    }

    /// <summary>The module a probe on a function or statement is in ("kernel", a module's name, a binary's path), else null:
    /// stap's dwarf probes fill in @var's module, others do not.</summary>
    private string? ProbedModule() => _target?.Site switch
    {
        KernelFunctionSite or KernelStatementSite => _target.Site.Module ?? "kernel",
        UserFunctionSite or UserStatementSite => _target.Site.Module,
        _ => null,
    };
}
