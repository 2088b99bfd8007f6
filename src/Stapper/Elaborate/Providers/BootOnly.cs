namespace Stapper.Elaborate.Providers;

/// <summary>
/// stap's warning for each function a kernel.function point matched that lives only in an <c>.init.*</c> or
/// <c>.exit.*</c> section (freed after boot, or never loaded), which it does not probe: at the probe's keyword.
/// </summary>
internal static class BootOnly
{
    public static void Warn(IEnumerable<string> functions, ProviderContext context)
    {
        foreach (var name in functions)
        {
            context.Diagnostics.Warning("sema.blocklisted-section", $"function {name} is in blocklisted section", context.Declaration, "keyword");
        }
    }
}
