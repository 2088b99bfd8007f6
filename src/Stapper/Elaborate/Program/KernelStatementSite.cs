using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// A source line, label or address in the kernel: <c>kernel.statement("f@FILE:N")</c>, <c>module("m").statement(...)</c>,
/// <c>kernel.function("f").label("L")</c>, <c>kernel.statement(ADDR)</c>: a kprobe at <see cref="Symbol"/> plus
/// <see cref="Offset"/> (from the DWARF line table), which KASLR and a module's load address leave valid. Absolute:
/// <c>kernel.statement(ADDR).absolute</c> (guru mode), a kprobe at that very address. Module null is vmlinux.
/// Target variables are not read at a statement yet (stap reads them from DWARF locations at the address).
/// </summary>
public sealed record KernelStatementSite(
    string Symbol,
    string? Module,
    ulong Offset,
    ulong? Absolute,
    string Name,
    bool Optional,
    SourceSpan Span) : ProbeSite(Name, Optional, Span);
