using System.Collections.Immutable;
using System.Globalization;
using Stapper.DebugInfo;
using Stapper.DebugInfo.Dwarf;
using Stapper.Diagnostics;
using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// Source lines, labels and addresses in user space, from the file's DWARF through the kernel statement family's readers
/// (<see cref="DwarfStatements"/>, <see cref="DwarfLabels"/>, <see cref="StatementVariables"/>): uprobes at the file
/// offsets of the line records. <c>process(PID).statement(ADDR).absolute</c> is stap 4.8's error on a kernel with inode
/// uprobes (every supported one).
/// </summary>
internal sealed partial class UserProcessProvider
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<UserBinary, IReadOnlyList<CallFrameRow>> Frames = new();

    private static readonly string[] StatementTypes =
    [
        .. new[] { "process(string)", "process", "process(number)" }.SelectMany(p => new[]
        {
            p + ".statement(string)", p + ".statement(string).nearest", p + ".statement(number)", p + ".function(string).label(string)",
        }),
        "process(number).statement(number).absolute",
    ];

    /// <summary>The statement forms: true when <paramref name="point"/> is one (sites or a diagnostic given).</summary>
    private static bool TryStatement(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c is [_, { Functor: "statement" } s, { Functor: "absolute", Argument: null }] && s.Number() is not null && c[0].Number() is not null)
        {
            Error(point, context, "absolute process probes not available [man error::inode-uprobes]");
            return true;
        }
        var label = c is [_, { Functor: "function" } f, { Functor: "label" } l] && f.Text() is not null ? l.Text() : null;
        var statement = c is [_, { Functor: "statement" }] or [_, { Functor: "statement" }, { Functor: "nearest", Argument: null }];
        if (label is null && !statement || ProgramOf(c[0], context) is not var (path, pid))
        {
            return false;
        }
        if (path is null)
        {
            Unnamed(point, context);
            return true;
        }
        if (Binary(path, context) is not { } binary)
        {
            Error(point, context, "no match");
            return true;
        }
        var dwarf = Dwarf(binary, context);
        if (dwarf is null)
        {
            context.Diagnostics.Warning("sema.no-debuginfo",
                "cannot find module " + binary.Path + " debuginfo: No DWARF information found [man warning::debuginfo]", null);
        }
        var head = ProbePointText.Format([c[0] with { Argument = new StringLiteral(binary.Path, c[0].Span) }]);
        var found = dwarf is null ? [] : label is not null ? Labels(binary, dwarf, c[1].Text()!, label, head)
            : c[1].Number() is { } address ? AtAddress(point, context, binary, dwarf, unchecked((ulong)address), head)
            : c[1].Text() is { } pattern ? Lines(point, context, binary, dwarf, pattern, c.Length == 3, head) : [];
        if (found.Count == 0)
        {
            Error(point, context, "no match");
            return true;
        }
        sites = [.. found.Select(s => (ProbeSite)(s with { Optional = point.Optional, Span = point.Span, Pid = pid }))];
        return true;
    }

    private static List<UserStatementSite> Lines(ProbePoint point, ProviderContext context, UserBinary binary, DwarfFile dwarf, string pattern,
        bool nearest, string head)
    {
        if (!LineSpec.TrySplit(pattern, out var function, out var file, out var lines))
        {
            Reason(point, context, "malformed specification '" + pattern + "'");
            return [];
        }
        var glob = file ?? "*";
        bool Matches(string path) => Glob.Match(glob, path) || Glob.Match("*/" + glob, path);
        StatementLines found;
        try
        {
            found = DwarfStatements.Find(dwarf, function, Matches, lines, nearest);
        }
        catch (DebugInfoFormatException)
        {
            return [];
        }
        if (found.Error is not null)
        {
            Reason(point, context, found.Error);
            return [];
        }
        return [.. found.Lines.Select(l => Site(binary, l.Scope, l.Function, l.Address, $"{head}.statement(\"{l.Function}@{l.File}:{l.Line}\")"))
            .OfType<UserStatementSite>()];
    }

    private static List<UserStatementSite> Labels(UserBinary binary, DwarfFile dwarf, string function, string label, string head)
    {
        try
        {
            return [.. DwarfLabels.Find(dwarf, function, label)
                .Select(l => Site(binary, l.Function.Die, l.FunctionName, l.Address, $"{head}.function(\"{l.FunctionName}@{l.File}:{l.Line}\")") is { } site
                    ? site with { Label = l.Name } : null)
                .OfType<UserStatementSite>()];
        }
        catch (DebugInfoFormatException)
        {
            return [];
        }
    }

    /// <summary><c>.statement(ADDR)</c>: the line record starting exactly there, in the function whose symbol holds it.</summary>
    private static List<UserStatementSite> AtAddress(ProbePoint point, ProviderContext context, UserBinary binary, DwarfFile dwarf, ulong address, string head)
    {
        if (binary.Functions.LastOrDefault(f => f.Address <= address) is not { } symbol)
        {
            return [];
        }
        var (line, error) = DwarfStatements.At(dwarf, symbol.Name, address);
        if (error is not null)
        {
            Reason(point, context, error);
        }
        var name = head + ".statement(0x" + address.ToString("x", CultureInfo.InvariantCulture) + ")";
        return line is null ? [] : [.. new[] { Site(binary, line.Scope, symbol.Name, address, name) }.OfType<UserStatementSite>()];
    }

    /// <summary>A uprobe at <paramref name="address"/>'s file offset, with the variables of <paramref name="scope"/> there; null
    /// when no loaded segment holds the address.</summary>
    private static UserStatementSite? Site(UserBinary binary, DwarfDie scope, string function, ulong address, string name)
    {
        if (binary.FileOffsetOf(address) is not { } offset)
        {
            return null;
        }
        var (prototype, variables) = StatementVariables.Scope(scope, address, function, binary.Path, () => CallFrames(binary));
        return new UserStatementSite(binary.Path, offset, name, false, default) { Scope = prototype, Variables = [.. variables], Pc = address };
    }

    /// <summary>The binary's own CFI (its .eh_frame stays in the stripped file when DWARF is in a separate one), read once.</summary>
    private static IReadOnlyList<CallFrameRow> CallFrames(UserBinary binary) =>
        Frames.GetValue(binary, b => DebugInfo.Elf.ElfFile.TryRead(b.Path, CallFrameTable.Read) ?? []);

    /// <summary>stap reports why a statement names nothing on its own, before the point's "no match".</summary>
    private static void Reason(ProbePoint point, ProviderContext context, string message)
    {
        if (!point.Optional)
        {
            context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.statement", "semantic error", message, null));
        }
    }
}
