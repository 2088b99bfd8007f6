using System.Globalization;
using System.Text;
using Stapper.DebugInfo.Dwarf;

namespace Stapper.Elaborate;

/// <summary>
/// stap 4.8's -p2 view of target expressions after its dwarf expansion: each becomes a call of a synthesized
/// function <c>__private_FILE__dwarf_tvar_get_NAME_N</c> whose body is the location (<c>@kregister</c>,
/// <c>@kderef</c>, offsets), numbered per kind in program order, identical ones merged as its optimizer merges
/// functions. A value a return probe captures at entry reads back through <c>_get_kretprobe_long(K)</c> (a
/// <c>$$parms</c> string through <c>_get_kretprobe_string(K)</c>), stored by a synthesized <c>.call</c> probe.
/// </summary>
internal sealed class TargetFunctions
{
    /// <summary>DWARF's numbers of the x86_64 argument registers rdi, rsi, rdx, rcx, r8, r9 (rax is 0).</summary>
    private static readonly int[] ArgumentRegisters = [5, 4, 1, 2, 8, 9];

    private readonly Dictionary<BoundTargetValue, string> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<BoundExpression, string> _saved = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Probe, List<(string Setter, int Slot, BoundExpression Value)>> _entry = new(ReferenceEqualityComparer.Instance);

    public TargetFunctions(ElaboratedProgram program)
    {
        var ticks = new int[2];
        var synthesized = new List<(BoundTargetValue Node, string Name, string Signature)>();
        void Number(BoundStatement body)
        {
            foreach (var casts in (bool[])[false, true])
            {
                foreach (var node in InExpansionOrder(body, casts))
                {
                    var origin = node.Origin!;
                    var name = "__private_" + Detox(node.Span.File.Path) + (casts ? "_dwarf_cast_get_" : "_dwarf_tvar_get_")
                        + origin.Name + "_" + (ticks[casts ? 1 : 0]++).ToString(CultureInfo.InvariantCulture);
                    synthesized.Add((node, name, ":long (" + Parameters(origin) + ")\n" + Location(node)));
                }
            }
        }
        foreach (var function in program.Functions)
        {
            if (function.Body is { } body)
            {
                Number(body);
            }
        }
        foreach (var probe in program.Probes)
        {
            Number(probe.Body);
            CollectSaved(probe);
        }
        // stap's optimizer keeps the first (by name) of functions that print alike and calls it instead.
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, name, signature) in synthesized.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (kept.TryAdd(signature, name))
            {
                Functions.Add((name + signature[..signature.IndexOf('\n')], signature[(signature.IndexOf('\n') + 1)..]));
            }
        }
        foreach (var (node, _, signature) in synthesized)
        {
            _names[node] = kept[signature];
        }
    }

    /// <summary>The synthesized functions in stap's (name) order: "NAME:long (PARAMETERS)" and the returned location.</summary>
    public List<(string Header, string Location)> Functions { get; } = new();

    /// <summary>The function a target value calls, or null for one built without a source expression.</summary>
    public string? NameOf(BoundTargetValue node) => _names.GetValueOrDefault(node);

    /// <summary>How a return probe reads back a value captured at entry, or null.</summary>
    public string? SavedText(BoundExpression node) => _saved.GetValueOrDefault(node);

    /// <summary>What the return probe's synthesized .call probe stores: setter, slot and value, in order.</summary>
    public IReadOnlyList<(string Setter, int Slot, BoundExpression Value)> EntrySaves(Probe probe) =>
        _entry.TryGetValue(probe, out var saves) ? saves : [];

    /// <summary>The target values' operands passed as arguments, in order (a literal index is not passed).</summary>
    public static IEnumerable<BoundExpression> Arguments(BoundTargetValue node) =>
        node.Operands.Where((_, i) => node.Origin is { } o && i < o.Parameters.Length && o.Parameters[i] is not null);

    /// <summary>
    /// The target values of one kind (variables, or @casts) in the order stap numbers them: its expansion replaces
    /// each where it stands, left to right, and reaches the expressions inside one (an index, a @cast's pointer)
    /// only on its next pass over the body. (It also counts those in code it then folds away and inside
    /// <c>@defined</c>, which are no longer here, so numbers can differ from stap's after them.)
    /// </summary>
    private static IEnumerable<BoundTargetValue> InExpansionOrder(BoundStatement body, bool casts)
    {
        var pass = new List<object> { body };
        while (pass.Count > 0)
        {
            var inside = new List<object>();
            foreach (var root in pass)
            {
                var stack = new Stack<object>();
                stack.Push(root);
                while (stack.TryPop(out var node))
                {
                    if (node is BoundTargetValue { Origin: { } origin } value && origin.IsCast == casts)
                    {
                        yield return value;
                        inside.AddRange(value.Operands);
                        continue;
                    }
                    foreach (var child in BoundWalker.Children(node).Reverse())
                    {
                        stack.Push(child);
                    }
                }
            }
            pass = inside;
        }
    }

    private void CollectSaved(Probe probe)
    {
        var longs = 0;
        var strings = 0;
        var inList = new HashSet<BoundExpression>(ReferenceEqualityComparer.Instance);
        var saves = new List<(string, int, BoundExpression)>();
        foreach (var node in BoundWalker.Nodes(probe.Body).OfType<BoundExpression>())
        {
            if (node is BoundPrint { Kind: PrintKind.Sprintf, Arguments.IsEmpty: false } list
                && list.Arguments.All(a => a is BoundTargetValue { NeedsSavedArguments: true, Origin.ContextList: not null }))
            {
                inList.UnionWith(list.Arguments);
                _saved[list] = "_get_kretprobe_string(" + strings.ToString(CultureInfo.InvariantCulture) + ")";
                saves.Add(("_set_kretprobe_string", strings++, list));
            }
            else if (node is BoundTargetValue { NeedsSavedArguments: true, Origin: not null } value && !inList.Contains(value))
            {
                _saved[value] = "_get_kretprobe_long(" + longs.ToString(CultureInfo.InvariantCulture) + ")";
                saves.Add(("_set_kretprobe_long", longs++, value));
            }
        }
        if (saves.Count > 0)
        {
            _entry[probe] = saves;
        }
    }

    private static string Parameters(TargetOrigin origin) =>
        string.Join(", ", origin.Parameters.OfType<string>().Select(p => p + ":long"));

    /// <summary>The steps written as stap's location expression: one operation per step, bracketed as its printer does.</summary>
    private static string Location(BoundTargetValue node)
    {
        var parameters = node.Origin!.Parameters;
        var operand = 0;
        var text = "";
        foreach (var step in node.Steps)
        {
            text = step switch
            {
                LoadParameter p => "@kregister(" + Number(p.Index < ArgumentRegisters.Length ? ArgumentRegisters[p.Index] : p.Index) + ")",
                LoadReturnValue => "@kregister(0)",
                LoadContextArgument a => "@context_arg(" + Number(a.Index) + ")",
                LoadRegister r => "@uregister(" + UserRegister(r.Field) + ")",
                LoadConstant k => Number(k.Value),
                LoadGlobal g => Relocated(g),
                AddRegister r => "(" + text + ") + ((@uregister(" + UserRegister(r.Field) + ")) * (" + Number(r.Scale) + "))",
                FetchUser f => "@uderef(" + Number(f.Size) + ", " + text + ")",
                LoadValue => parameters.ElementAtOrDefault(operand++) ?? "pointer",
                AddOffset o => "(" + text + ") + (" + Number(o.Bytes) + ")",
                AddIndex i => Index(text, i, parameters.ElementAtOrDefault(operand++)),
                Fetch f => "@kderef(" + Number(f.Size) + ", " + text + ")",
                Narrow n => Extend(text, n.Size, n.Signed),
                CombineConstant k => "(" + text + ") " + StapOperator(k.Op) + " (" + Number(k.Operand) + ")",
                FetchBits b => Bits("@kderef(" + Number(b.Size) + ", " + text + ")", b),
                _ => text,
            };
        }
        return text;
    }

    /// <summary>stap's address of a global: the embedded C of its relocation against _stext, or the file's load bias.</summary>
    private static string Relocated(LoadGlobal g) => g.KernelModule
        ? "%{ ({ unsigned long addr = 0; addr = _stp_kmodule_relocate (\"" + g.Module + "\", \"" + g.Symbol + "\", 0); addr; }) %}"
        : g.User
        ? "%{ /* pragma:vma */ ({ unsigned long addr = 0; addr = _stp_umodule_relocate (\"" + g.Module + "\", 0x"
            + g.Offset.ToString("x", CultureInfo.InvariantCulture) + ", current); addr; }) %}"
        : "%{ ({ unsigned long addr = 0; addr = _stp_kmodule_relocate (\"" + g.Module + "\", \"_stext\", 0x"
            + g.Offset.ToString("x", CultureInfo.InvariantCulture) + "); addr; }) %}";

    /// <summary>A <c>pt_regs</c> field as a DWARF register number, the way stap's u_fetch_register names it.</summary>
    private static string UserRegister(string field) =>
        Array.IndexOf(DwarfRegisters, field) is var n and >= 0 ? Number(n) : field;

    private static readonly string[] DwarfRegisters =
        ["ax", "dx", "cx", "bx", "si", "di", "bp", "sp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "ip"];

    private static string Index(string text, AddIndex step, string? parameter)
    {
        if (parameter is null)
        {
            var value = step.Index is BoundNumber n ? n.Value : 0;
            return "(" + text + ") + (" + Number(value * step.Scale) + ")";
        }
        // stap's folder leaves "index * 1" as the index alone.
        return "(" + text + ") + (" + (step.Scale == 1 ? parameter : "(" + parameter + ") * (" + Number(step.Scale) + ")") + ")";
    }

    /// <summary>A register narrower than its word: sign-extended by shifts, or masked.</summary>
    private static string Extend(string text, int size, bool signed)
    {
        var shift = 64 - 8 * size;
        return signed
            ? "((" + text + ") << (" + Number(shift) + ")) >> (" + Number(shift) + ")"
            : "(" + text + ") & (" + Number((long)((1UL << (8 * size)) - 1)) + ")";
    }

    private static string Bits(string unit, FetchBits b)
    {
        if (b.Signed)
        {
            var left = 64 - b.Shift - b.Bits;
            var shifted = left == 0 ? unit : "(" + unit + ") << (" + Number(left) + ")";
            return "(" + shifted + ") >> (" + Number(64 - b.Bits) + ")";
        }
        var mask = (long)((2UL << (b.Bits - 1)) - 1);
        var down = b.Shift == 0 ? unit : "(" + unit + ") >> (" + Number(b.Shift) + ")";
        return "(" + down + ") & (" + Number(mask) + ")";
    }

    /// <summary>stap's detox_path: every character but a letter or digit becomes '_', and one more '_' ends it.</summary>
    public static string Detox(string path)
    {
        var text = new StringBuilder(path.Length + 1);
        foreach (var c in path)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        return text.Append('_').ToString();
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The script language's operator for a combining step: its <c>&gt;&gt;</c> is arithmetic, <c>&gt;&gt;&gt;</c> unsigned.</summary>
    private static string StapOperator(PlaceOp op) => op switch
    {
        PlaceOp.Or => "|",
        PlaceOp.And => "&",
        PlaceOp.Xor => "^",
        PlaceOp.Shl => "<<",
        PlaceOp.Shr => ">>>",
        _ => ">>",
    };
}
