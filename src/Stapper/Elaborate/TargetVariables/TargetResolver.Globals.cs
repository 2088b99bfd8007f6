using Stapper.Diagnostics;
using Stapper.Elaborate.Binding;
using Stapper.Parse;

namespace Stapper.Elaborate.TargetVariables;

internal sealed partial class TargetResolver
{
    /// <summary>
    /// <c>$name</c> that is no parameter or local of a kernel function or statement: stap's DWARF scope search ends at the
    /// compile unit, so a global (or an extern declaration, addressed from the symbol table) of the probed function's
    /// unit resolves, read through @var's address (a module's by its symbol at run time). Null when there is none (or
    /// no DWARF: BTF has no such variables).
    /// </summary>
    private TargetResolution? ResolveUnitGlobal(TargetVariable v, Func<Expression, BoundExpression> bindIndex, SourceSpan at, string token)
    {
        if (context is not { Site: KernelFunctionSite or KernelStatementSite } || v.Name == "return"
            || types.Value?.Global(v.Name, null, context.Site.Module, context.Function.Name) is not { } global)
        {
            return null;
        }
        // In a .return probe EntryCapture has made a bare $name @entry($name); what reaches here there is @defined's
        // question, which the global answers as at the entry.
        var steps = System.Collections.Immutable.ImmutableArray.CreateBuilder<TargetStep>();
        steps.Add(global.Address);
        var parameters = new List<string?>();
        var value = Walk(steps, parameters, global.Type, inMemory: true, v.Components, v.AddressOf, bindIndex, at, token);
        return new TargetResolution(steps.ToImmutable(), new TargetOrigin(false, v.Name, [.. parameters]), Typed(value, false));
    }
}
