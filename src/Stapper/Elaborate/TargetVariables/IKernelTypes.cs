using Stapper.DebugInfo;
using Stapper.Elaborate;

namespace Stapper.Elaborate.TargetVariables;

/// <summary>
/// The target kernel's types and prototypes (its BTF), for target variables and @cast. BTF knows every
/// function's parameters and every struct's layout, but not locals or where values live past entry.
/// </summary>
public interface IKernelTypes
{
    /// <summary>The prototype of a vmlinux function (or of module <paramref name="module"/>'s), or null.</summary>
    FunctionInfo? Function(string name, string? module);

    /// <summary>A type by its name as @cast spells it: "task_struct", "struct file", "union u", "size_t".</summary>
    TypeInfo? NamedType(string name, string? module);

    /// <summary>A vmlinux tracepoint's arguments as a prototype (without the probe's leading <c>void *</c>), or null.</summary>
    FunctionInfo? Tracepoint(string name) => null;

    /// <summary>System call NAME's parameters (sys_NAME's, in order), or null when neither BTF nor the headers say.</summary>
    FunctionInfo? Syscall(string name) => null;

    /// <summary>
    /// @var's global variable NAME from the DWARF of vmlinux (<paramref name="module"/> null) or of a module: in the first
    /// compile unit matching <paramref name="file"/> that has it (any unit when null), or in the unit of function
    /// <paramref name="scope"/> when given. Null when there is no such variable or no DWARF.
    /// </summary>
    AtVarGlobal? Global(string name, string? file, string? module, string? scope) => null;

    /// <summary>Function NAME's out-of-line copy in the DWARF of vmlinux (a module: null), or null without it.</summary>
    FunctionScope? Scope(string name, string? module) => null;
}

/// <summary>
/// A function as stap names it when a target variable is not there: its DIE's offset, its entry address (a module's
/// relative to its section), its declaring file and the variables in scope at its entry.
/// </summary>
public sealed record FunctionScope(ulong DieOffset, ulong Pc, string? File, System.Collections.Immutable.ImmutableArray<string> Variables);

/// <summary>A global variable @var reads: its C type and the step that loads its address.</summary>
public sealed record AtVarGlobal(TypeInfo Type, LoadGlobal Address);
