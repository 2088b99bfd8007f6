namespace Stapper.DebugInfo.Elf;

public enum ElfSymbolType : byte { NoType = 0, Object = 1, Func = 2, Section = 3, File = 4, Common = 5, Tls = 6, GnuIFunc = 10 }

public enum ElfSymbolBinding : byte { Local = 0, Global = 1, Weak = 2, GnuUnique = 10 }

public enum ElfSymbolVisibility : byte { Default = 0, Internal = 1, Hidden = 2, Protected = 3 }

/// <summary>One symbol from .symtab or .dynsym.</summary>
public readonly record struct ElfSymbol(
    int Index,
    string Name,
    ulong Value,
    ulong Size,
    ElfSymbolType Type,
    ElfSymbolBinding Binding,
    ElfSymbolVisibility Visibility,
    uint SectionIndex)
{
    public const uint SectionUndefined = 0, SectionAbsolute = 0xfff1, SectionCommon = 0xfff2, SectionXIndex = 0xffff;
    public bool IsDefined => SectionIndex != SectionUndefined;
}
