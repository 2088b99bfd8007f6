using Stapper.DebugInfo;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>
/// A probe site whose body can read target variables (<c>$param</c>, <c>$return</c>, <c>$$parms</c>): they
/// resolve against the prototype it names. A family whose sites have none does not implement it.
/// </summary>
public interface ITargetVariableSite
{
    /// <summary>The module whose types the prototype's come from; null is vmlinux.</summary>
    string? Module { get; }

    /// <summary>At the function's return: <c>$return</c> reads the return value, parameters are their entry values.</summary>
    bool Return { get; }

    /// <summary>The prototype the target variables name, or null when the kernel's types do not have it
    /// (<paramref name="types"/> is null only for a site that does not need them).</summary>
    FunctionInfo? Prototype(IKernelTypes? types);

    /// <summary>Whether <see cref="Prototype"/> reads the kernel's types (an SDT marker's does not).</summary>
    bool NeedsKernelTypes => true;

    /// <summary>The steps that load parameter <paramref name="index"/> when the site has its own (an SDT marker's
    /// argument specification), else null: the calling convention or the context.</summary>
    System.Collections.Immutable.ImmutableArray<Elaborate.TargetStep>? Load(int index) => null;

    /// <summary>The steps giving the address where parameter <paramref name="index"/> is kept in memory (a syscall
    /// wrapper's parameter in the user's saved registers), else null. <paramref name="saved"/>: at a return.</summary>
    System.Collections.Immutable.ImmutableArray<Elaborate.TargetStep>? Address(int index, bool saved) => null;

    /// <summary>False when the file has no debug information: only the site's own variables (an SDT marker's arguments)
    /// resolve, and anything else gets stap's "debuginfo scope not found".</summary>
    bool DebugInfoFound => true;

    /// <summary>Why parameter <paramref name="index"/> cannot be read here (a float in an SSE register), else null.</summary>
    string? Unreadable(int index) => null;

    /// <summary>Whether -L lists parameter <paramref name="index"/>: stap leaves out a statement's variable that DWARF
    /// gives no location at its address.</summary>
    bool Listed(int index) => true;

    /// <summary>Pointers the target variables hold point into the probed process's memory (read with a fault check
    /// on the user's address space), not the kernel's.</summary>
    bool UserMemory => false;

    /// <summary>This return site's entry (named <paramref name="name"/>), where @entry's synthesized probe runs; null
    /// for a site that is not a function's return.</summary>
    ProbeSite? AtEntry(string name) => null;

    /// <summary>In a return probe, every target variable but <c>$return</c> is captured at entry as an @entry (stap's
    /// user-space return probes), instead of parameters saved by the return probe's own entry handler.</summary>
    bool CapturesAtEntry => false;

    /// <summary>In a return probe, <c>$name</c> names what the return cannot read itself (a global of the function's
    /// compile unit), so it is captured at entry as an @entry, as stap does; false for a parameter or <c>$return</c>.</summary>
    bool CapturedAtEntry(string name, IKernelTypes? types) => false;

    /// <summary>A parameter's name in <c>$$parms</c> ("arg1"; an SDT marker's are "$arg1"); empty: not listed there.</summary>
    string ParameterLabel(string name) => name;

    /// <summary>stap's error for a variable this site does not have, when its family has its own; null: the generic one.</summary>
    string? NoSuchVariable(string name) => null;

    /// <summary>Parameters come from the probe context (a tracepoint handler's C arguments), not from pt_regs.</summary>
    bool ArgumentsInContext => false;

    /// <summary>Whether guru mode may write context argument <paramref name="index"/> (a netfilter hook's
    /// <c>$verdict</c>, which the hook returns).</summary>
    bool ArgumentWritable(int index) => false;

    /// <summary>Prototype parameter <paramref name="index"/> is a local (in <c>$$locals</c>, not <c>$$parms</c>): a statement's.</summary>
    bool IsLocal(int index) => false;

    /// <summary>The <c>$$parms</c> format of a pointer parameter.</summary>
    string PointerFormat => "%#x";

    /// <summary>A context string such as a tracepoint's <c>$$name</c> (name without the leading "$$"), or null.</summary>
    string? ContextString(string name) => null;
}
