using Stapper.DebugInfo;
using Stapper.Elaborate;
using Stapper.Elaborate.TargetVariables;

namespace Stapper.Cli;

/// <summary>
/// Pass 2's view of the target kernel's functions: its BTF (from /boot/vmlinuz-KVER, no debuginfo
/// package needed). Null when the kernel image cannot be read; names are then not checked.
/// </summary>
internal sealed class KernelSymbols(KernelDebugInfo info) : IKernelSymbols, IKernelTypes
{
    public FunctionInfo? Function(string name, string? module) => Debug(module)?.Function(name);

    public TypeInfo? NamedType(string name, string? module) => KernelTypeNames.Find(Debug(module), name);

    private ModuleDebugInfo? Debug(string? module)
    {
        try
        {
            return module is null ? info.Kernel : info.Module(module);
        }
        catch (Exception e) when (e is IOException or DebugInfoFormatException or DebugInfoNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public bool HasFunction(string name) => info.HasFunction(name);

    public IEnumerable<string> FunctionsMatching(string glob) => info.FunctionsMatching(glob);

    public static IKernelSymbols? Open(TargetKernel kernel)
    {
        try
        {
            return new KernelSymbols(KernelDebugInfo.Open(kernel.Release));
        }
        catch (Exception e) when (e is IOException or DebugInfoFormatException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
