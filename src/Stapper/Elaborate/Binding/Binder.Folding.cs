using Stapper.Elaborate.Optimize;

namespace Stapper.Elaborate.Binding;

/// <summary>
/// Constant folding as the tree is bound, so that types are inferred only from code that survives it, as in stap:
/// after the optimizer (<see cref="Elisions.Folding"/>) every body folds; a kernel.function probe's body folds in
/// every binding, because stap folds it while expanding its target variables, before symbols are resolved (then a
/// call is not yet known to have effects, so it counts as free of them).
/// </summary>
internal sealed partial class Binder
{
    private enum FoldMode
    {
        None,
        CallsFree,
        Full,
    }

    private FoldMode _fold;

    private bool Folding => _fold != FoldMode.None;

    /// <summary>stap folds the body of a probe on these sites as it expands them (dwarf and kprobe probes).</summary>
    public static bool FoldsOnExpansion(IReadOnlyList<ProbeSite> sites) => sites.Count > 0 && sites.All(s => s is KernelFunctionSite);

    private void StartFolding(bool onExpansion) =>
        _fold = onExpansion ? FoldMode.CallsFree : _elisions.Folding is null ? FoldMode.None : FoldMode.Full;

    private bool SideEffectFree(BoundExpression e)
    {
        var use = new VariableUse(_fold == FoldMode.Full ? _elisions.Folding!.Callee : _ => null);
        use.Expression(e, this);
        return use.SideEffectFree;
    }

    /// <summary>The bound expression folded, when folding is on and it folds.</summary>
    private Bound Folded(Bound bound)
    {
        if (!Folding || ConstantFolder.Expression(bound.Node, SideEffectFree) is not { } folded)
        {
            return bound;
        }
        return folded is BoundLiteral ? bound with { Node = folded, Slot = null } : new Bound(folded, null, folded.TokenSpan, folded.Token);
    }

    /// <summary>The branch a literal condition takes when folding is on, else null.</summary>
    private bool? FoldedBranch(BoundExpression condition) => Folding ? ConstantFolder.Branch(condition) : null;

    private bool EndsFoldedBlock(BoundStatement statement) => Folding && ConstantFolder.EndsBlock(statement);
}
