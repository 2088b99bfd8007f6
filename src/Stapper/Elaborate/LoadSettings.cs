using System.Collections.Immutable;
using System.Globalization;
using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// -G VAR=VAL against the program: the module's scalar globals are its load parameters. A VAR that is none of them
/// would be dropped by the kernel at load (stap says nothing); Stapper warns. A number global given something that
/// is not a number would fail the load; Stapper says so at pass 2.
/// </summary>
internal static class LoadSettings
{
    public static void Check(ElaboratedProgram program, ImmutableDictionary<string, string> settings, DiagnosticBag diagnostics)
    {
        foreach (var (name, value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var global = program.Globals.FirstOrDefault(g => g.Name == name);
            if (global is null || global.IsArray || global.Type is not (StapType.Long or StapType.String) || name.StartsWith('_'))
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, "sema.load-setting", "WARNING",
                    $"-G {name}={value}: the script has no scalar global '{name}' to set; the module ignores it", null));
            }
            else if (global.Type == StapType.Long && !IsNumber(value))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, "sema.load-setting", "semantic error",
                    $"-G {name}={value}: '{name}' is a number, and '{value}' is not one", null));
            }
        }
    }

    /// <summary>What the module's parameter accepts (kstrtoll, base 0): decimal, 0x hex or 0 octal, signed.</summary>
    private static bool IsNumber(string value)
    {
        var digits = value.StartsWith('-') || value.StartsWith('+') ? value[1..] : value;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return digits.Length > 2 && long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);
        }
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && (!digits.StartsWith('0') || digits.All(c => c < '8'))
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
