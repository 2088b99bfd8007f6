using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate.TargetVariables;

internal sealed partial class TargetResolver
{
    /// <summary>
    /// <c>$name</c> that is no parameter or local of a kernel function or statement: stap's DWARF scope search ends at the
    /// compile unit, so a global (or an extern declaration, addressed from the symbol table) of the probed function's
    /// unit resolves, read through @var's address. Null when there is none (or no DWARF: BTF has no such variables).
    /// </summary>
    private TargetResolution? ResolveUnitGlobal(TargetVariable v, Func<Expression, BoundExpression> bindIndex, SourceSpan at, string token)
    {
        if (context is not { Site: KernelFunctionSite or KernelStatementSite } || v.Name == "return"
            || types.Value?.Global(v.Name, null, context.Site.Module, context.Function.Name) is not { } global)
        {
            return null;
        }
        if (context.IsReturn)
        {
            // stap reads it at the entry (as @entry, with its warning); the return probe's saved registers hold parameters only.
            throw Fail("Stapper does not capture global '" + v.Name + "' at the entry of a .return probe: write @entry($"
                + v.Name + ")", at, token);
        }
        var steps = System.Collections.Immutable.ImmutableArray.CreateBuilder<TargetStep>();
        steps.Add(global.Address);
        var parameters = new List<string?>();
        var value = Walk(steps, parameters, global.Type, inMemory: true, v.Components, v.AddressOf, bindIndex, at, token);
        return new TargetResolution(steps.ToImmutable(), new TargetOrigin(false, v.Name, [.. parameters]), Typed(value, false));
    }
}
