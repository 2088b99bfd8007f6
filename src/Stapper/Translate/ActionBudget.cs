using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// How many MAXACTION charges a probe body can make at most. A body with no loop and no call (script, tapset or
/// embedded C, which could read the budget) runs each statement at most once, so its count of statements bounds
/// its charges; when that fits MAXACTION_INTERRUPTIBLE (a C-time test, <c>STP_ACTIONS_BOUNDED</c>, as -D may change
/// it) the hot path neither resets the budget nor charges it, and where it does not fit nothing changes.
/// </summary>
internal static class ActionBudget
{
    /// <summary>The body's statement count (blocks are not charged), or null when loops or calls leave it open.</summary>
    public static int? Bound(BoundStatement body)
    {
        var count = 0;
        foreach (var node in BoundWalker.Nodes(body))
        {
            switch (node)
            {
                case BoundWhile or BoundFor or BoundForeach or BoundCall or BoundEmbeddedExpression:
                    return null;
                case BoundStatement and not BoundBlock:
                    count++;
                    break;
            }
        }
        return count;
    }
}
