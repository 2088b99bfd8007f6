using System.Collections.Immutable;
using Stapper.DebugInfo.Dwarf;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Cli;

/// <summary>Where vmlinux's DWARF (the -dbg package) has a function, for stap's "unable to find local" text.</summary>
internal sealed partial class KernelSymbols
{
    public FunctionScope? Scope(string name, string? module)
    {
        if (module is not null)
        {
            // stap names a module's address as elfutils lays its sections out, which this does not reproduce
            return null;
        }
        try
        {
            if (DwarfOf(null)?.FunctionsMatching(name).FirstOrDefault(f => f.LowPc is not null && !f.IsInlineAbstract) is not { } function)
            {
                return null;
            }
            // the variables in scope at its entry: its parameters and the locals of its outermost block
            var variables = function.Die.Children.Where(c => c.Tag is DwTag.FormalParameter or DwTag.Variable)
                .Select(c => c.InheritedAttribute(DwAt.Name)?.Value.String).OfType<string>();
            return new FunctionScope(function.Die.Offset, function.LowPc!.Value, function.DeclFile, [.. variables]);
        }
        catch (Exception e) when (e is IOException or DebugInfo.DebugInfoFormatException)
        {
            return null;
        }
    }
}
