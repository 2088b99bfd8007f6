using System.Globalization;
using System.Text.RegularExpressions;

namespace Stapper.DebugInfo;

/// <summary>Where an SDT marker's argument lives (x86_64 AT&amp;T operands of <c>sys/sdt.h</c>).</summary>
public abstract record SdtOperand;

/// <summary><c>%edi</c>: a register, by its <c>pt_regs</c> field (<c>di</c>); Bytes is the width the name says.</summary>
public sealed record SdtRegister(string Field, int Bytes) : SdtOperand;

/// <summary><c>$42</c>: a constant.</summary>
public sealed record SdtConstant(long Value) : SdtOperand;

/// <summary><c>-16(%rbp)</c>, <c>8(%rax,%rcx,4)</c>: user memory at Base + Index * Scale + Displacement.</summary>
public sealed record SdtMemory(long Displacement, string? Base, string? Index, int Scale) : SdtOperand;

/// <summary>
/// One argument specification of a marker ("-4@%edi", "8@-16(%rbp)", "4@$-294967296"): its size in bytes, whether
/// it is signed (a leading '-'), and its operand. Null from <see cref="Parse"/> when it is none of these (a
/// symbol-relative operand, a high-byte register, another architecture's syntax).
/// </summary>
public sealed partial record SdtArgument(int Size, bool Signed, SdtOperand Operand)
{
    private static readonly string[] LegacyRegisters = ["ax", "bx", "cx", "dx", "si", "di", "bp", "sp"];

    public static SdtArgument? Parse(string spec)
    {
        var m = Spec().Match(spec);
        var size = m.Success ? int.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture) : 0;
        if (size is not (1 or 2 or 4 or 8))
        {
            return null;
        }
        SdtOperand? operand = m.Groups["operand"].Value switch
        {
            ['%', .. var name] => Register(name),
            ['$', .. var value] when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) => new SdtConstant(v),
            var text => Memory(text),
        };
        return operand is null ? null : new SdtArgument(size, m.Groups["sign"].Success, operand);
    }

    /// <summary>An x86_64 register name, any width, as its <c>pt_regs</c> field.</summary>
    private static SdtRegister? Register(string name)
    {
        foreach (var field in LegacyRegisters)
        {
            var low = field[0] is 'a' or 'b' or 'c' or 'd' ? field[..1] + "l" : field + "l";
            var bytes = name == "r" + field ? 8 : name == "e" + field ? 4 : name == field ? 2 : name == low ? 1 : 0;
            if (bytes > 0)
            {
                return new(field, bytes);
            }
        }
        if (name == "rip")
        {
            return new("ip", 8);
        }
        var numbered = NumberedRegister().Match(name);
        if (numbered.Success && int.Parse(numbered.Groups[1].Value, CultureInfo.InvariantCulture) is >= 8 and <= 15)
        {
            var bytes = numbered.Groups[2].Value switch { "d" => 4, "w" => 2, "b" => 1, _ => 8 };
            return new("r" + numbered.Groups[1].Value, bytes);
        }
        return null;
    }

    private static SdtMemory? Memory(string text)
    {
        var m = MemoryOperand().Match(text);
        if (!m.Success)
        {
            return null;
        }
        var displacement = m.Groups["disp"].Success ? long.Parse(m.Groups["disp"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        // Addresses are formed from whole 64-bit registers; %rip-relative operands name symbols, not read here.
        string? Field(string group) => !m.Groups[group].Success ? null : Register(m.Groups[group].Value) is { Bytes: 8, Field: not "ip" } r ? r.Field : "?";
        var (b, i) = (Field("base"), Field("index"));
        if (b == "?" || i == "?")
        {
            return null;
        }
        var scale = m.Groups["scale"].Success ? int.Parse(m.Groups["scale"].Value, CultureInfo.InvariantCulture) : 1;
        return new SdtMemory(displacement, b, i, scale);
    }

    [GeneratedRegex(@"^(?<sign>-)?(?<size>\d+)@(?<operand>.+)$")]
    private static partial Regex Spec();

    [GeneratedRegex(@"^r(\d+)([dwb]?)$")]
    private static partial Regex NumberedRegister();

    [GeneratedRegex(@"^(?<disp>-?\d+)?\(%(?<base>[a-z0-9]+)(?:,%(?<index>[a-z0-9]+)(?:,(?<scale>[1248]))?)?\)$")]
    private static partial Regex MemoryOperand();
}
