using Stapper.Matching;

namespace Stapper.DebugInfo.Dwarf;

/// <summary>A DW_TAG_label of a function with code: the function's name and decl file, the label's name, decl line and address.</summary>
public sealed record DwarfLabel(DwarfFunction Function, string FunctionName, string File, string Name, int Line, ulong Address);

/// <summary>
/// <c>.function("F[@FILE]").label("L")</c>: the labels matching L in the functions matching F (declared in a file matching
/// FILE, as stap matches it: the pattern or "*/" and the pattern), at any lexical block depth, with the address DWARF gives.
/// </summary>
public static class DwarfLabels
{
    public static IEnumerable<DwarfLabel> Find(DwarfFile dwarf, string function, string label)
    {
        LineSpec.TrySplit(function, out var name, out var file, out _);
        var functions = file is null ? dwarf.FunctionsMatching(name)
            : dwarf.FunctionsDeclaredIn(name, path => Glob.Match(file, path) || Glob.Match("*/" + file, path));
        foreach (var f in functions)
        {
            if (f.Name is not { } found || f.DeclFile is not { } declared)
            {
                continue;
            }
            foreach (var d in Descendants(f.Die))
            {
                if (d.Tag == DwTag.Label && d.Name is { } l && Glob.Match(label, l) && d.LowPc is { } pc)
                {
                    yield return new DwarfLabel(f, found, declared, l, (int)(d.ConstantAttr(DwAt.DeclLine) ?? 0), pc);
                }
            }
        }
    }

    private static IEnumerable<DwarfDie> Descendants(DwarfDie die)
    {
        foreach (var c in die.Children)
        {
            yield return c;
            if (c.Tag is DwTag.LexicalBlock)
            {
                foreach (var d in Descendants(c))
                {
                    yield return d;
                }
            }
        }
    }
}
